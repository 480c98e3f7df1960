// glibc's allocator statistics (mallinfo2, malloc_trim), which the Glibc module does not import.
// Only Loopback's leak check reads them.
#ifndef RTCSCOPE_CMALLOC_H
#define RTCSCOPE_CMALLOC_H
#include <malloc.h>
#endif
