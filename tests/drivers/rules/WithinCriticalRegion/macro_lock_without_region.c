// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * Resource calls hidden in driver macros; the violation is reported where the macro is
 * invoked. VM_LOCK_EXCLUSIVE / VM_UNLOCK_EXCLUSIVE bracket the resource with a critical
 * region, but the shared variants were written without one, so the second half of the
 * LUN-map refresh thread takes the resource shared with APCs enabled.
 */

#include <ntddk.h>
#include <storport.h>

#define VM_LOCK_EXCLUSIVE(a)    do { KeEnterCriticalRegion(); ExAcquireResourceExclusiveLite(&(a)->MapLock, TRUE); } while (0)
#define VM_UNLOCK_EXCLUSIVE(a)  do { ExReleaseResourceLite(&(a)->MapLock); KeLeaveCriticalRegion(); } while (0)
#define VM_LOCK_SHARED(a)       ExAcquireResourceSharedLite(&(a)->MapLock, TRUE)
#define VM_UNLOCK_SHARED(a)     ExReleaseResourceLite(&(a)->MapLock)

typedef struct _VM_ADAPTER {
    ERESOURCE MapLock;
    ULONG LunMap[16];
    ULONG MappedLuns;
    HANDLE RefreshThread;
} VM_ADAPTER, *PVM_ADAPTER;

VOID
VmRefreshThread(PVOID StartContext)
{
    PVM_ADAPTER adapter = StartContext;
    ULONG i;
    ULONG mapped = 0;

    VM_LOCK_EXCLUSIVE(adapter);                     // ok: WithinCriticalRegion
    for (i = 0; i < 16; i++) {
        adapter->LunMap[i] = i;
    }
    VM_UNLOCK_EXCLUSIVE(adapter);                   // ok: WithinCriticalRegion

    VM_LOCK_SHARED(adapter);                        // expect: WithinCriticalRegion
    for (i = 0; i < 16; i++) {
        mapped += adapter->LunMap[i] != 0;
    }
    VM_UNLOCK_SHARED(adapter);                      // ok: WithinCriticalRegion -- path already stopped
    adapter->MappedLuns = mapped;
    PsTerminateSystemThread(STATUS_SUCCESS);
}

ULONG
VmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVM_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->MapLock);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VmInitialize(PVOID DeviceExtension)
{
    PVM_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    return NT_SUCCESS(PsCreateSystemThread(&adapter->RefreshThread, THREAD_ALL_ACCESS,
                                           &attributes, NULL, NULL, VmRefreshThread,
                                           adapter));
}

BOOLEAN
VmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VM_ADAPTER);
    init.HwFindAdapter = VmFindAdapter;
    init.HwInitialize = VmInitialize;
    init.HwStartIo = VmStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
