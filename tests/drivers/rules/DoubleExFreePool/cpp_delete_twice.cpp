// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * A C++ miniport defines its own `operator new` / `operator delete` on top of the pool
 * DDIs, as kernel-mode C++ must. `new` and `delete` expressions are calls of those
 * operators: StartIo deletes the request tracker on an error path and again on the
 * common exit, so the pool block is freed twice (reported inside `operator delete`,
 * where ExFreePoolWithTag runs).
 */
#include <storport.h>

#define CX_TAG 'xCxC'

void* __cdecl operator new(size_t size)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, size, CX_TAG);
}

void __cdecl operator delete(void* p)
{
    if (p != NULL) {
        ExFreePoolWithTag(p, CX_TAG);   // expect: DoubleExFreePool
    }
}

class CxTracker {
public:
    ULONG Tag;
    ULONG Length;
};

struct CX_ADAPTER {
    ULONG Started;
};

extern "C" BOOLEAN CxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    CxTracker* tracker = new CxTracker;

    if (tracker == NULL) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    tracker->Tag = Srb->QueueTag;
    tracker->Length = Srb->DataTransferLength;
    if (tracker->Length == 0) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        delete tracker;
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    delete tracker;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

extern "C" ULONG CxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

extern "C" BOOLEAN CxInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

extern "C" ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CX_ADAPTER);
    init.HwFindAdapter = CxFindAdapter;
    init.HwInitialize = CxInitialize;
    init.HwStartIo = CxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
