//! \file
//! \brief A tiny unit-test harness for the host-compiled C tests.
//!
//! Each test file defines `static void test_x(void)` functions, lists them in main() with
//! RUN(test_x), and ends with `return harness_summary("file");`.  A CHECK that fails prints
//! file:line and the expression and marks the current test failed; the test goes on.
#ifndef HARNESS_H
#define HARNESS_H

#include <inttypes.h>
#include <stdio.h>

static int harness_passed, harness_failed, harness_test_failed;

#define CHECK(cond) do { \
        if (!(cond)) { \
            printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            harness_test_failed = 1; \
        } \
    } while (0)

//! Compare two integers (printed as signed 64-bit) for equality.
#define CHECK_EQ(actual, expected) do { \
        long long a_ = (long long) (actual), e_ = (long long) (expected); \
        if (a_ != e_) { \
            printf("  FAIL %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, \
                   #actual, a_, #expected, e_); \
            harness_test_failed = 1; \
        } \
    } while (0)

#define RUN(test) do { \
        harness_test_failed = 0; \
        test(); \
        if (harness_test_failed) { \
            harness_failed++; \
            printf("FAILED %s\n", #test); \
        } else { \
            harness_passed++; \
            printf("ok     %s\n", #test); \
        } \
    } while (0)

//! Print this file's tally in the form the runner adds up; exit status 1 on any failure.
static inline int harness_summary(const char *name) {
    printf("%s: %d passed, %d failed\n", name, harness_passed, harness_failed);
    return harness_failed ? 1 : 0;
}

#endif  // HARNESS_H
