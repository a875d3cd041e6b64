/* The helper library: part of the driver because the dirs file builds it. */
#include "wsdrv.h"

VOID
WsResetQueue(PWS_EXT Ext)
{
    Ext->Pending = 0;
}
