/* Found through INCLUDES=.\inc of the miniport's sources file. */
#pragma once

#include <storport.h>

typedef struct _WS_EXT {
    ULONG Pending;
} WS_EXT, *PWS_EXT;

VOID WsResetQueue(PWS_EXT Ext);

#ifdef USE_STORPORT
HW_BUILDIO WsBuildIo;
#endif
HW_STARTIO WsStartIo;
