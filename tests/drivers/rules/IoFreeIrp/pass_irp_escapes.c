// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=pass
// expect-kind: virtual
/*
 * IRPs that escape the routine that allocated them: the obligation moves with the IRP
 * and is not checked at that routine's exit. The abort timer parks its IRP in the
 * device extension, the service-request routine hangs its IRP on a request context
 * allocated from pool (a heap object), and the adapter-control stop path keeps its
 * IRP in a global for the shutdown handshake.
 */

#include <ntddk.h>
#include <storport.h>

#define VE_TAG 'cEvV'

typedef struct _VE_REQUEST {
    PIRP LowerIrp;
    PIRP ServiceIrp;
} VE_REQUEST, *PVE_REQUEST;

typedef struct _VE_ADAPTER {
    PDEVICE_OBJECT Lower;
    PIRP AbortIrp;
    PVE_REQUEST Active;
} VE_ADAPTER, *PVE_ADAPTER;

PIRP VeShutdownIrp;

VOID
VeAbortTimer(PVOID DeviceExtension)
{
    PVE_ADAPTER adapter = DeviceExtension;
    PIRP irp;

    if (adapter->AbortIrp == NULL) {
        irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
        adapter->AbortIrp = irp;
    }
}                                                   // ok: IoFreeIrp -- kept in the device extension

VOID
VeProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVE_ADAPTER adapter = DeviceExtension;
    PVE_REQUEST request;
    PIRP irp;

    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        ((PIRP)Context)->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, Context);
        return;                                     // ok: IoFreeIrp
    }
    request = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*request), VE_TAG);
    if (request == NULL) {
        IoFreeIrp(irp);
        ((PIRP)Context)->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, Context);
        return;                                     // ok: IoFreeIrp
    }
    request->LowerIrp = irp;
    request->ServiceIrp = Context;
    adapter->Active = request;
}                                                   // ok: IoFreeIrp -- kept in a pool-allocated context

SCSI_ADAPTER_CONTROL_STATUS
VeAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PVE_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter && VeShutdownIrp == NULL) {
        VeShutdownIrp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    }
    return ScsiAdapterControlSuccess;               // ok: IoFreeIrp -- kept in a global
}

ULONG
VeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVE_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VeInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, VeAbortTimer, 2000000);
    return TRUE;
}

BOOLEAN
VeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VE_ADAPTER);
    init.HwFindAdapter = VeFindAdapter;
    init.HwInitialize = VeInitialize;
    init.HwStartIo = VeStartIo;
    init.HwProcessServiceRequest = VeProcessServiceRequest;
    init.HwAdapterControl = VeAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
