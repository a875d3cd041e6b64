/* Build configuration of the vx driver; found through AdditionalIncludeDirectories. */
#pragma once

#include <storport.h>

#ifdef VX_RELEASE
#define VX_USE_BUILDIO 1
#else
#define VX_USE_BUILDIO 0
#endif

#define VX_SET_CALLBACK(init, field, fn) ((init)->field = (fn))

typedef struct _VX_EXT {
    PULONG Regs;
    ULONG Pending;
    ULONG DebugFlags;
} VX_EXT, *PVX_EXT;

HW_STARTIO VxStartIo;
HW_BUILDIO VxBuildIo;
#if DBG
HW_ADAPTER_STATE VxAdapterState;
#endif
