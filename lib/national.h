/* national.h — the nine National Health and Wellbeing Outcomes that every
 * Integration Authority in Scotland reports on, as data with their source,
 * so that reports print their words, not their numbers. Internal to the
 * library. */
#ifndef STITCH_NATIONAL_H
#define STITCH_NATIONAL_H

enum { NATIONAL_OUTCOMES = 9 };

/* The title of outcome k (1 to 9), as the Scottish Government words it;
 * NULL for any other k. */
const char *national_outcome_title(int k);

/* Where the titles come from, in words (with the address). */
extern const char national_outcomes_source[];

#endif
