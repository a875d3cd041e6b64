/*
 * Role types that name a role under another type: HW_TIMER_EX (the callback type of
 * StorPortRequestTimer) is an HW_TIMER, DRIVER_DISPATCH_PAGED a DRIVER_DISPATCH. The
 * timer is handed over as a value the scan cannot follow (a helper's return value), so
 * only its declaration says what it is.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _TX_EXT {
    PVOID Timer;
    ULONG Ticks;
} TX_EXT, *PTX_EXT;

HW_TIMER_EX TxRetryTimer;
DRIVER_DISPATCH_PAGED TxDispatchPnp;
static PDRIVER_DISPATCH TxStorportPnp;

VOID
TxRetryTimer(PVOID DeviceExtension, PVOID Context)  // expect-entry: HW_TIMER by=role_type
{
    UNREFERENCED_PARAMETER(Context);
    ((PTX_EXT)DeviceExtension)->Ticks++;
}

static PHW_TIMER_EX
TxPickTimer(PTX_EXT Ext)
{
    extern PHW_TIMER_EX TxTimerTable[];

    return TxTimerTable[Ext->Ticks & 1];
}

NTSTATUS
TxDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)  // expect-entry: DRIVER_DISPATCH by=role_type
{
    return TxStorportPnp(DeviceObject, Irp);
}

static BOOLEAN
TxInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PTX_EXT ext = (PTX_EXT)DeviceExtension;

    if (StorPortInitializeTimer(ext, &ext->Timer) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    StorPortRequestTimer(ext, ext->Timer, TxPickTimer(ext), NULL, 500000, 0);
    return TRUE;
}

static BOOLEAN
TxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static ULONG
TxFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PTX_EXT)DeviceExtension)->Ticks = 0;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = TxFindAdapter;
    init.HwInitialize = TxInitialize;
    init.HwStartIo = TxStartIo;
    init.DeviceExtensionSize = sizeof(TX_EXT);
    status = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
    if (NT_SUCCESS(status)) {
        TxStorportPnp = DriverObject->MajorFunction[IRP_MJ_PNP];
        DriverObject->MajorFunction[IRP_MJ_PNP] = TxDispatchPnp;
    }
    return status;
}
