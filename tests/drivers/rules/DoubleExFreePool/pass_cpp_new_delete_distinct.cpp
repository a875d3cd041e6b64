// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * The correct twin of cpp_delete_twice.cpp: every `new` is a distinct pool block, so a
 * retry that deletes the first tracker and `new`s another, then deletes that one, frees
 * two different blocks once each; the error path clears the pointer after its delete.
 * HwStorAdapterControl deletes the per-slot trackers FindAdapter created, in a
 * range-based `for` over the array: each iteration's element is another block.
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
        ExFreePoolWithTag(p, CX_TAG);   // ok: DoubleExFreePool
    }
}

class CxTracker {
public:
    ULONG Tag;
    ULONG Length;
};

struct CX_ADAPTER {
    ULONG Started;
    CxTracker* Slots[4];
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
        tracker = new CxTracker;
        if (tracker == NULL) {
            StorPortNotification(RequestComplete, DeviceExtension, Srb);
            return TRUE;
        }
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    delete tracker;
    tracker = NULL;
    delete tracker;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

extern "C" ULONG CxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Again)
{
    CX_ADAPTER* adapter = (CX_ADAPTER*)DeviceExtension;

    for (ULONG i = 0; i < 4; i++) {
        adapter->Slots[i] = new CxTracker;
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

extern "C" SCSI_ADAPTER_CONTROL_STATUS CxAdapterControl(PVOID DeviceExtension,
                                                        SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                        PVOID Parameters)
{
    CX_ADAPTER* adapter = (CX_ADAPTER*)DeviceExtension;

    if (ControlType == ScsiStopAdapter) {
        for (CxTracker*& slot : adapter->Slots) {
            if (slot == NULL)
                continue;
            delete slot;
        }
    }
    return ScsiAdapterControlSuccess;
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
    init.HwAdapterControl = CxAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
