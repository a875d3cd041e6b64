// check-rules: StorPortSpinLock4, StorPortSpinLock, StorPortSpinLock3
// expect-status: StorPortSpinLock4=defect, StorPortSpinLock=defect, StorPortSpinLock3=pass
// expect-kind: virtual
/*
 * A virtual miniport's service-request path. HwProcessServiceRequest queues the
 * caller's IRP on an internal list under the StartIo lock (a virtual miniport's
 * routines may take it; Storport holds none for them). When the IRP is already
 * cancelled or the list is full, it releases the lock and completes the IRP -- and
 * then falls into the common exit, which releases again: the second release goes
 * through a handle that holds no lock, reported at it by StorPortSpinLock4 and
 * StorPortSpinLock. HwCompleteServiceIrp drains the list under the same lock, correctly
 * (a single release on each path). StorPortSpinLock3 has nothing to say: every acquire
 * is a lock these routines may take, none is already held.
 */

#include <ntddk.h>
#include <storport.h>

#define SR_MAX_QUEUED 8

typedef struct _SR_EXT {
    PIRP Queued[SR_MAX_QUEUED];
    ULONG Count;
    PVOID LowerDevice;
} SR_EXT, *PSR_EXT;

VOID
SrProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    STOR_LOCK_HANDLE listHandle;

    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &listHandle);  // ok: StorPortSpinLock3
    if (irp->Cancel || ext->Count >= SR_MAX_QUEUED) {
        StorPortReleaseSpinLock(ext, &listHandle);  // ok: StorPortSpinLock4, StorPortSpinLock
        irp->IoStatus.Status =
            irp->Cancel ? STATUS_CANCELLED : STATUS_INSUFFICIENT_RESOURCES;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    } else {
        ext->Queued[ext->Count++] = irp;
    }
    StorPortReleaseSpinLock(ext, &listHandle);  // expect: StorPortSpinLock4, StorPortSpinLock
}

VOID
SrCompleteServiceIrp(PVOID DeviceExtension)
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;
    STOR_LOCK_HANDLE listHandle;
    PIRP irp;

    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &listHandle);  // ok: StorPortSpinLock3
    while (ext->Count != 0) {
        irp = ext->Queued[--ext->Count];
        irp->IoStatus.Status = STATUS_CANCELLED;
        irp->IoStatus.Information = 0;
    }
    StorPortReleaseSpinLock(ext, &listHandle);  // ok: StorPortSpinLock4, StorPortSpinLock
}

ULONG
SrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LowerDevice = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
SrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(SR_EXT);
    init.HwFindAdapter = SrFindAdapter;
    init.HwInitialize = SrInitialize;
    init.HwStartIo = SrStartIo;
    init.HwProcessServiceRequest = SrProcessServiceRequest;
    init.HwCompleteServiceIrp = SrCompleteServiceIrp;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
