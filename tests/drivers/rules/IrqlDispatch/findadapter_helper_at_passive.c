// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * A helper shared by FindAdapter (PASSIVE_LEVEL) and the DPC (DISPATCH_LEVEL) inserts
 * into a device queue with KeInsertDeviceQueue. From the DPC it is right; from
 * FindAdapter the call, two helpers down, is at PASSIVE_LEVEL: reported inside the
 * helper, where the call is.
 */
#include <storport.h>

typedef struct _FH_EXT {
    KDEVICE_QUEUE Queue;
    KDEVICE_QUEUE_ENTRY Entry;
    STOR_DPC Dpc;
} FH_EXT, *PFH_EXT;

static BOOLEAN
FhQueue(PFH_EXT Ext)
{
    return KeInsertDeviceQueue(&Ext->Queue, &Ext->Entry);   // expect: IrqlDispatch
}

static VOID
FhPrime(PFH_EXT Ext)
{
    if (!FhQueue(Ext)) {
        Ext->Entry.Inserted = FALSE;
    }
}

VOID
FhDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    FhPrime((PFH_EXT)DeviceExtension);
}

ULONG
FhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFH_EXT ext = (PFH_EXT)DeviceExtension;

    KeInitializeDeviceQueue(&ext->Queue);
    FhPrime(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FhInitialize(PVOID DeviceExtension)
{
    PFH_EXT ext = (PFH_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, FhDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(FH_EXT);
    init.HwFindAdapter = FhFindAdapter;
    init.HwInitialize = FhInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
