// check-rules: SpReturnValue
// expect-status: SpReturnValue=not_applicable
// expect-kind: unknown
/*
 * A filter-style image with no HwStorFindAdapter among its entry points: the rule has
 * no exit to check.
 */
#include <storport.h>

BOOLEAN
NfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwStartIo = NfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
