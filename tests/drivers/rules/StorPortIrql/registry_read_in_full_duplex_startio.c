// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * StorPortRegistryRead only at PASSIVE_LEVEL: HwStorStartIo of a full-duplex miniport runs
 * at DISPATCH_LEVEL, and reads a tuning value there through a helper.
 */
#include <storport.h>

typedef struct _Rr_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Rr_EXT, *PRr_EXT;

static ULONG
RrTuning(PRr_EXT Ext)
{
    ULONG length = sizeof(ULONG);

    StorPortRegistryRead(Ext, (PUCHAR)"QueueDepth", 1, MINIPORT_REG_DWORD,  // expect: StorPortIrql
                         (PUCHAR)&Ext->Value, &length);
    return Ext->Value;
}

BOOLEAN
RrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (RrTuning((PRr_EXT)DeviceExtension) == 0) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
    }
    return TRUE;
}

ULONG
RrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRr_EXT ext = (PRr_EXT)DeviceExtension;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RrInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rr_EXT);
    init.HwFindAdapter = RrFindAdapter;
    init.HwInitialize = RrInitialize;
    init.HwStartIo = RrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
