// A virtual miniport in C++: registered static member functions, an extern "C"
// DriverEntry, placement new into the device extension, pool-backed new/delete,
// a lambda, a template. Constructors, destructors and instance methods are not
// entry points.
// expect-kind: virtual

#include "adapter.hpp"

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

void* __cdecl operator new(size_t, void* where) noexcept
{
    return where;
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kPoolTag);
    }
}

UCHAR Lun::Execute(PSCSI_REQUEST_BLOCK srb)
{
    const UCHAR opcode = srb->Cdb[0];
    switch (opcode) {
    case 0x00: // TEST UNIT READY
        return SRB_STATUS_SUCCESS;
    case 0x28:
    case 0x2A:
        return srb->DataTransferLength / 512 <= blocks_ ? SRB_STATUS_SUCCESS
                                                         : SRB_STATUS_ERROR;
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

Adapter::~Adapter()
{
    for (ULONG i = 0; i < lunCount_; ++i) {
        delete luns_[i];
        luns_[i] = nullptr;
    }
}

bool Adapter::AddLun(ULONG blocks)
{
    if (lunCount_ == kMaxLuns) {
        return false;
    }
    Lun* lun = new (POOL_FLAG_NON_PAGED, kPoolTag) Lun(blocks);
    if (lun == nullptr) {
        return false;
    }
    luns_[lunCount_++] = lun;
    return true;
}

ULONG
Adapter::FindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    Adapter* adapter = new (DeviceExtension) Adapter();
    if (!adapter->AddLun(0x100000)) {
        adapter->~Adapter();
        return SP_RETURN_ERROR;
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x21;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN Adapter::Initialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    return ExtensionOf<Adapter>(DeviceExtension)->LunAt(0) != nullptr;
}

BOOLEAN
Adapter::StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Adapter* self = ExtensionOf<Adapter>(DeviceExtension);
    auto complete = [&](UCHAR status) {
        Srb->SrbStatus = status;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
    };

    if (self->stopped_) {
        complete(SRB_STATUS_NO_DEVICE);
        return TRUE;
    }
    Lun* lun = self->LunAt(Srb->Lun);
    complete(lun != nullptr ? lun->Execute(Srb) : SRB_STATUS_INVALID_LUN);
    return TRUE;
}

VOID Adapter::FreeResources(PVOID DeviceExtension)  // expect-entry: HW_FREE_ADAPTER_RESOURCES by=registration
{
    Adapter* self = ExtensionOf<Adapter>(DeviceExtension);

    self->stopped_ = true;
    self->~Adapter();
}

static BOOLEAN
ResetBus(PVOID DeviceExtension, ULONG PathId)  // expect-entry: HW_RESET_BUS by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    VIRTUAL_HW_INITIALIZATION_DATA init = {};

    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(Adapter);
    init.HwFindAdapter = Adapter::FindAdapter;
    init.HwInitialize = &Adapter::Initialize;
    init.HwStartIo = Adapter::StartIo;
    init.HwFreeAdapterResources = Adapter::FreeResources;
    init.HwResetBus = ResetBus;
    return StorPortInitialize(DriverObject, RegistryPath,
                              reinterpret_cast<PHW_INITIALIZATION_DATA>(&init), nullptr);
}
