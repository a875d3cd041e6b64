// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * A leak that needs two entry points. FindAdapter turns keep-alive on (device extension
 * flag) when the argument string asks for it; the keep-alive timer registered in
 * HwStorInitialize allocates a ping IRP only when that flag is set, sends it with
 * IoCallDriver and forgets it. The timer is a VOID routine that falls off its end, so the
 * report is on its closing brace; without FindAdapter's flag the path is infeasible.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VKA_PING  0x9C402420

typedef struct _VKA_ADAPTER {
    PDEVICE_OBJECT Lower;
    BOOLEAN KeepAlive;
    ULONG Pings;
} VKA_ADAPTER, *PVKA_ADAPTER;

VOID
VkaKeepAliveTimer(PVOID DeviceExtension)
{
    PVKA_ADAPTER adapter = DeviceExtension;
    PIRP irp;
    PIO_STACK_LOCATION next;

    if (adapter->KeepAlive) {
        irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
        if (irp != NULL) {
            next = IoGetNextIrpStackLocation(irp);
            next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
            next->Parameters.DeviceIoControl.IoControlCode = IOCTL_VKA_PING;
            IoCallDriver(adapter->Lower, irp);
            adapter->Pings++;
        }
    }
    StorPortNotification(RequestTimerCall, adapter, VkaKeepAliveTimer, 1000000);
}                                                   // expect: IoFreeIrp

ULONG
VkaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PVOID LowerDevice, PCHAR ArgumentString,
               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVKA_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    if (ArgumentString != NULL && ArgumentString[0] == 'K') {
        adapter->KeepAlive = TRUE;
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VkaInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, VkaKeepAliveTimer, 1000000);
    return TRUE;
}

BOOLEAN
VkaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VKA_ADAPTER);
    init.HwFindAdapter = VkaFindAdapter;
    init.HwInitialize = VkaInitialize;
    init.HwStartIo = VkaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
