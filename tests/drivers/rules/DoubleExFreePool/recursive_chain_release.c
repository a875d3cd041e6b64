// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * A recursive helper. FindAdapter builds a two-segment SGL chain and keeps a pointer to
 * its tail for appending; SgFreeChain releases a chain recursively, freeing each segment
 * after its successors (distinct blocks, not a violation). HwStorAdapterControl
 * (ScsiStopAdapter) releases the chain and then frees the tail segment on its own, but
 * the tail was already freed by the recursive call one level down: a double free that is
 * only visible by following the recursion.
 */

#include <storport.h>

#define SG_TAG  'lgSN'

typedef struct _SGL_SEGMENT {
    struct _SGL_SEGMENT *Next;
    ULONG64 Descriptors[255];
} SGL_SEGMENT, *PSGL_SEGMENT;

typedef struct _SG_EXTENSION {
    PULONG Registers;
    PSGL_SEGMENT SglRoot;
    PSGL_SEGMENT SglTail;
    ULONG SglDepth;
} SG_EXTENSION, *PSG_EXTENSION;

static VOID
SgFreeChain(PSGL_SEGMENT Segment, ULONG Depth)
{
    if (Segment == NULL || Depth == 0) {
        return;
    }
    SgFreeChain(Segment->Next, Depth - 1);
    ExFreePoolWithTag(Segment, SG_TAG);         // ok: DoubleExFreePool -- one segment per level
}

ULONG
SgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSG_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    ext->SglRoot = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(SGL_SEGMENT), SG_TAG);
    if (ext->SglRoot == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->SglRoot->Next = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(SGL_SEGMENT), SG_TAG);
    if (ext->SglRoot->Next == NULL) {
        ExFreePoolWithTag(ext->SglRoot, SG_TAG);    // ok: DoubleExFreePool
        ext->SglRoot = NULL;
        return SP_RETURN_ERROR;
    }
    ext->SglTail = ext->SglRoot->Next;
    ext->SglTail->Next = NULL;
    ext->SglDepth = 2;
    return SP_RETURN_FOUND;
}

BOOLEAN
SgInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
SgAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PSG_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter && ext->SglRoot != NULL) {
        SgFreeChain(ext->SglRoot, ext->SglDepth);
        ext->SglRoot = NULL;
        if (ext->SglTail != NULL) {
            ExFreePoolWithTag(ext->SglTail, SG_TAG);    // expect: DoubleExFreePool
            ext->SglTail = NULL;
        }
    }
    return ScsiAdapterControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SG_EXTENSION);
    init.HwFindAdapter = SgFindAdapter;
    init.HwInitialize = SgInitialize;
    init.HwStartIo = SgStartIo;
    init.HwAdapterControl = SgAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
