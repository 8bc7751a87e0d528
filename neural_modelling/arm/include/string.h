//! \file
//! \brief The string functions the per-core code uses, implemented in ../string.c (no newlib).
#ifndef ARM_STRING_H
#define ARM_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif  // ARM_STRING_H
