// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * A `switch` over IOCTL codes in a virtual miniport's HwProcessServiceRequest. The
 * LOGOUT case signals SessionIdle and is missing its `break`, so it falls into the
 * QUIESCE case, which signals SessionIdle again. LOGIN clears the event before anyone
 * sets it, which is fine.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VS_LOGIN      0x9C402410
#define IOCTL_VS_LOGOUT     0x9C402414
#define IOCTL_VS_QUIESCE    0x9C402418

typedef struct _VS_ADAPTER {
    KEVENT SessionIdle;
    BOOLEAN LoggedIn;
    BOOLEAN Quiesced;
} VS_ADAPTER, *PVS_ADAPTER;

VOID
VsProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVS_ADAPTER adapter = DeviceExtension;
    PIRP irp = Context;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);

    irp->IoStatus.Status = STATUS_SUCCESS;
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VS_LOGIN:
        KeClearEvent(&adapter->SessionIdle);
        adapter->LoggedIn = TRUE;
        break;
    case IOCTL_VS_LOGOUT:
        adapter->LoggedIn = FALSE;
        KeSetEvent(&adapter->SessionIdle, IO_NO_INCREMENT, FALSE);  // ok: DoubleKeSetEvent -- first set
        /* missing break */
    case IOCTL_VS_QUIESCE:
        adapter->Quiesced = TRUE;
        KeSetEvent(&adapter->SessionIdle, IO_NO_INCREMENT, FALSE);  // expect: DoubleKeSetEvent
        break;
    default:
        irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    StorPortCompleteServiceIrp(adapter, irp);
}

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    KeInitializeEvent(&adapter->SessionIdle, NotificationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VsInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVS_ADAPTER adapter = DeviceExtension;

    Srb->SrbStatus = adapter->LoggedIn ? SRB_STATUS_SUCCESS : SRB_STATUS_NO_DEVICE;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VS_ADAPTER);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    init.HwProcessServiceRequest = VsProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
