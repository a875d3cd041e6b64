// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock=pass
// expect-kind: virtual
/*
 * A virtual miniport's HwStorStartIo. Storport holds no lock around a virtual
 * miniport's StartIo (docs/harness.md: the StartIo lock only for physical miniports), so
 * StartIo may take the StartIo lock itself, here to serialise access to the per-target
 * request list it forwards to the lower device, and the interrupt lock nested inside it
 * (StartIo, then Interrupt). The same acquire would be a violation in a physical
 * miniport. Everything is released on every path, including the early "no such target"
 * completion. pass for both rules.
 */

#include <ntddk.h>
#include <storport.h>

#define VT_TARGETS 16

typedef struct _VT_EXT {
    PVOID LowerDevice;
    ULONG Queued[VT_TARGETS];
    ULONG Forwarded;
} VT_EXT, *PVT_EXT;

ULONG
VtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LowerDevice = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = VT_TARGETS;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;
    STOR_LOCK_HANDLE listHandle;
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &listHandle);  // ok: StorPortSpinLock3, StorPortSpinLock -- virtual: Storport holds none
    if (Srb->TargetId >= VT_TARGETS) {
        StorPortReleaseSpinLock(ext, &listHandle);
        Srb->SrbStatus = SRB_STATUS_INVALID_TARGET_ID;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }
    ext->Queued[Srb->TargetId]++;
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    ext->Forwarded++;
    StorPortReleaseSpinLock(ext, &intHandle);
    StorPortReleaseSpinLock(ext, &listHandle);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VT_EXT);
    init.HwFindAdapter = VtFindAdapter;
    init.HwInitialize = VtInitialize;
    init.HwStartIo = VtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
