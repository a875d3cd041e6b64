/* An old file left in the tree but not in vxdriver.vcxproj: not part of the driver. */
#include "vxcfg.h"

HW_RESET_BUS VxOldResetBus;

BOOLEAN
VxOldResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}
