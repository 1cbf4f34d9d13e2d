/* correlate.c — the correlation matrix: validity, Cholesky factor, and the
 * nearest valid matrix to suggest when a model's cannot hold together. */
#include "correlate.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double correlate_normal_scale(double rho)
{
    return 2 * sin(M_PI * rho / 6);
}

/* Cholesky factor of the normal-scale matrix of `rho` into `chol`; 0 when
 * positive definite, 1 when not, -1 out of memory. */
static int factor(size_t n, const double *rho, double *chol)
{
    gsl_matrix *m = gsl_matrix_alloc(n, n);
    if (!m)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(m, i, j,
                           i == j ? 1.0 : correlate_normal_scale(rho[i * n + j]));
    int rc = gsl_linalg_cholesky_decomp1(m) == GSL_SUCCESS ? 0 : 1;
    /* A factor whose smallest pivot is tiny is as good as singular: draws
     * would depend on rounding. Demand a clear margin. */
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (gsl_matrix_get(m, i, i) < 1e-4)
            rc = 1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        for (size_t j = 0; j < n; j++)
            chol[i * n + j] = j <= i ? gsl_matrix_get(m, i, j) : 0.0;
    gsl_matrix_free(m);
    return rc;
}

/* Project the symmetric matrix x onto matrices with eigenvalues >= floor. */
static int project_psd(size_t n, double *x, double floor_, gsl_matrix *a,
                       gsl_vector *eval, gsl_matrix *evec, gsl_eigen_symmv_workspace *w)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(a, i, j, x[i * n + j]);
    if (gsl_eigen_symmv(a, eval, evec, w) != GSL_SUCCESS)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < n; k++) {
                double l = gsl_vector_get(eval, k);
                s += gsl_matrix_get(evec, i, k) * (l < floor_ ? floor_ : l) *
                     gsl_matrix_get(evec, j, k);
            }
            x[i * n + j] = s;
        }
    return 0;
}

/* Higham (2002) alternating projections with Dykstra's correction between
 * the positive semidefinite cone (eigenvalues floored a little above zero)
 * and the matrices with unit diagonal and the given zero pattern. */
static int nearest_valid(size_t n, const double *rho, double *y)
{
    size_t nn = n * n;
    double *ds = calloc(nn, sizeof *ds), *r = malloc(nn * sizeof *r);
    gsl_matrix *a = gsl_matrix_alloc(n, n), *evec = gsl_matrix_alloc(n, n);
    gsl_vector *eval = gsl_vector_alloc(n);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(n);
    int rc = -1;
    if (!ds || !r || !a || !evec || !eval || !w)
        goto done;
    memcpy(y, rho, nn * sizeof *y);
    for (int it = 0; it < 2000; it++) {
        for (size_t i = 0; i < nn; i++)
            r[i] = y[i] - ds[i];
        memcpy(y, r, nn * sizeof *y);
        if (project_psd(n, y, 0.02, a, eval, evec, w))
            goto done;
        double change = 0;
        for (size_t i = 0; i < nn; i++) {
            ds[i] = y[i] - r[i];
            double keep = y[i];
            y[i] = (i / n == i % n) ? 1.0 : rho[i] == 0 ? 0.0 : y[i];
            change = fmax(change, fabs(y[i] - keep));
        }
        if (change < 1e-9)
            break;
    }
    rc = 0;
done:
    gsl_eigen_symmv_free(w);
    gsl_vector_free(eval);
    gsl_matrix_free(a), gsl_matrix_free(evec);
    free(ds), free(r);
    return rc;
}

int correlate_prepare(size_t n, const double *rho, double *chol, double *nearest)
{
    int rc = factor(n, rho, chol);
    if (rc != 1)
        return rc;
    double *exact = malloc(n * n * sizeof *exact);
    if (!exact || nearest_valid(n, rho, exact)) {
        free(exact);
        return -1;
    }
    /* Round to what a person would type, shrinking towards zero until the
     * rounded matrix is safely valid. */
    rc = 1;
    for (int shrink = 0; shrink <= 100; shrink++) {
        for (size_t i = 0; i < n * n; i++)
            nearest[i] = i / n == i % n ? 1.0 : round(exact[i] * (100 - shrink)) / 100;
        int ok = factor(n, nearest, chol);
        if (ok <= 0) {
            rc = ok < 0 ? -1 : 1;
            break;
        }
    }
    free(exact);
    return rc;
}
