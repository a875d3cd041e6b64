/* Found through the include directory the property sheet names. */
#pragma once

#include <storport.h>

typedef struct _PS_EXT {
    ULONG Pending;
    ULONG Flags;
} PS_EXT, *PPS_EXT;

#if _NT_TARGET_VERSION >= 0x601
#define PS_HAS_BUILDIO 1
#else
#define PS_HAS_BUILDIO 0
#endif
