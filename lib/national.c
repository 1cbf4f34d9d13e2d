/* national.c — the nine National Health and Wellbeing Outcomes (national.h).
 *
 * Source: Scottish Government (2015) "National Health and Wellbeing
 * Outcomes Framework", section 5 (https://www.gov.scot/publications/
 * national-health-wellbeing-outcomes-framework/pages/5/); the outcomes are
 * prescribed by the Public Bodies (Joint Working) (National Health and
 * Wellbeing Outcomes) (Scotland) Regulations 2014 (SSI 2014/343). Crown
 * copyright, reproduced under the Open Government Licence v3.0. The words
 * are the framework's exactly (outcome 6 writes "well-being" with a hyphen
 * at its end, as the framework does). */
#include "national.h"

#include <stddef.h>

const char national_outcomes_source[] =
    "Scottish Government (2015), National Health and Wellbeing Outcomes Framework, "
    "section 5 (https://www.gov.scot/publications/"
    "national-health-wellbeing-outcomes-framework/pages/5/); prescribed by the Public "
    "Bodies (Joint Working) (National Health and Wellbeing Outcomes) (Scotland) "
    "Regulations 2014";

static const char *const titles[NATIONAL_OUTCOMES] = {
    "People are able to look after and improve their own health and wellbeing and live "
    "in good health for longer.",
    "People, including those with disabilities or long term conditions, or who are "
    "frail, are able to live, as far as reasonably practicable, independently and at "
    "home or in a homely setting in their community.",
    "People who use health and social care services have positive experiences of those "
    "services, and have their dignity respected.",
    "Health and social care services are centred on helping to maintain or improve the "
    "quality of life of people who use those services.",
    "Health and social care services contribute to reducing health inequalities.",
    "People who provide unpaid care are supported to look after their own health and "
    "wellbeing, including to reduce any negative impact of their caring role on their "
    "own health and well-being.",
    "People who use health and social care services are safe from harm.",
    "People who work in health and social care services feel engaged with the work they "
    "do and are supported to continuously improve the information, support, care and "
    "treatment they provide.",
    "Resources are used effectively and efficiently in the provision of health and "
    "social care services.",
};

const char *national_outcome_title(int k)
{
    return k >= 1 && k <= NATIONAL_OUTCOMES ? titles[k - 1] : NULL;
}
