/*
 * StorPortInitialize called from a helper, not from DriverEntry; DriverEntry then
 * installs its own PnP dispatch (conditionally, with a conditional expression) and
 * unload routine, chaining to the ones Storport put in the driver object. Routines are
 * registered with casts, from inside FindAdapter (HwMSInterruptRoutine) and with
 * KeInitializeThreadedDpc. The saved Storport routines are not the driver's own.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _OD_EXT {
    KDPC RingDpc;
    ULONG Pending;
} OD_EXT, *POD_EXT;

static PDRIVER_DISPATCH OdStorportPnp;
static PDRIVER_UNLOAD OdStorportUnload;

static VOID
OdRingDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)  // expect-entry: KDEFERRED_ROUTINE by=registration
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    ((POD_EXT)Context)->Pending = 0;
}

static BOOLEAN
OdMsiInterrupt(PVOID DeviceExtension, ULONG MessageId)  // expect-entry: HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE by=registration
{
    POD_EXT ext = (POD_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(MessageId);
    KeInsertQueueDpc(&ext->RingDpc, NULL, NULL);
    return TRUE;
}

static ULONG
OdFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    POD_EXT ext = (POD_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    KeInitializeThreadedDpc(&ext->RingDpc, OdRingDpc, ext);
    if (ConfigInfo->InterruptMode == Latched) {
        ConfigInfo->HwMSInterruptRoutine = (PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE)OdMsiInterrupt;
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

static BOOLEAN
OdInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    ((POD_EXT)DeviceExtension)->Pending = 0;
    return TRUE;
}

static BOOLEAN
OdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    ((POD_EXT)DeviceExtension)->Pending++;
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

static NTSTATUS
OdDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)  // expect-entry: DRIVER_DISPATCH by=registration
{
    return OdStorportPnp(DeviceObject, Irp);
}

static VOID
OdUnload(PDRIVER_OBJECT DriverObject)  // expect-entry: DRIVER_UNLOAD by=registration
{
    OdStorportUnload(DriverObject);
}

static NTSTATUS
OdAdapterDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.HwFindAdapter = (PHW_FIND_ADAPTER)OdFindAdapter;
    init.HwInitialize = (PVOID)OdInitialize;
    init.HwStartIo = OdStartIo;
    init.DeviceExtensionSize = sizeof(OD_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    NTSTATUS status = OdAdapterDriverEntry(DriverObject, RegistryPath);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    OdStorportPnp = DriverObject->MajorFunction[IRP_MJ_PNP];
    DriverObject->MajorFunction[IRP_MJ_PNP] = OdStorportPnp != NULL ? OdDispatchPnp : NULL;
    OdStorportUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = OdUnload;
    return STATUS_SUCCESS;
}
