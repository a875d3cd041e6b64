// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * StorPortAllocatePool up to DISPATCH_LEVEL: a half-duplex HwStorStartIo runs at DIRQL.
 * The same allocation in FindAdapter is fine.
 */
#include <storport.h>

typedef struct _Ha_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Ha_EXT, *PHa_EXT;

BOOLEAN
HaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHa_EXT ext = (PHa_EXT)DeviceExtension;

    if (StorPortAllocatePool(ext, 512, 'pxeS', &ext->Buffer) != STOR_STATUS_SUCCESS) { // expect: StorPortIrql
        Srb->SrbStatus = SRB_STATUS_BUSY;
    }
    return TRUE;
}

ULONG
HaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHa_EXT ext = (PHa_EXT)DeviceExtension;
    StorPortAllocatePool(ext, 4096, 'pxeS', &ext->Buffer);  // ok: StorPortIrql
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HaInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ha_EXT);
    init.HwFindAdapter = HaFindAdapter;
    init.HwInitialize = HaInitialize;
    init.HwStartIo = HaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
