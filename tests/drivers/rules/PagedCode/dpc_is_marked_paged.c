// check-rules: PagedCode
// expect-status: PagedCode=defect
// expect-kind: physical
/*
 * The DPC routine itself says PAGED_CODE(): it runs at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _Dp_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Dp_EXT, *PDp_EXT;

VOID
DpDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PAGED_CODE();                                           // expect: PagedCode
    ((PDp_EXT)DeviceExtension)->Value++;
}

ULONG
DpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDp_EXT ext = (PDp_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DpInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PDp_EXT)DeviceExtension)->Dpc, DpDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Dp_EXT);
    init.HwFindAdapter = DpFindAdapter;
    init.HwInitialize = DpInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
