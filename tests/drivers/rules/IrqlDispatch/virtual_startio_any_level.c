// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: virtual
/*
 * A virtual miniport's HwStorStartIo runs at any level up to DISPATCH_LEVEL. The device
 * queue insert there is checked on every level it allows: PASSIVE_LEVEL is one, so it is
 * a defect. The completion path that first tests KeGetCurrentIrql() is right.
 */
#include <storport.h>

typedef struct _VS_EXT {
    KDEVICE_QUEUE Queue;
    KDEVICE_QUEUE_ENTRY Entry;
    KDEVICE_QUEUE_ENTRY Done;
} VS_EXT, *PVS_EXT;

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    KeInitializeDeviceQueue(&((PVS_EXT)DeviceExtension)->Queue);
    ConfigInfo->VirtualDevice = TRUE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VsInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_FLUSH) {
        if (KeGetCurrentIrql() == DISPATCH_LEVEL) {
            KeInsertDeviceQueue(&ext->Queue, &ext->Done);   // ok: IrqlDispatch
        }
        return TRUE;
    }
    KeInsertDeviceQueue(&ext->Queue, &ext->Entry);          // expect: IrqlDispatch
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(VS_EXT);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
