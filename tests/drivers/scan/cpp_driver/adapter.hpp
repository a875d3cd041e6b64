// The C++ virtual miniport's classes. Static member functions are what Storport calls.
#pragma once

extern "C" {
#include <ntddk.h>
#include <storport.h>
}

constexpr ULONG kPoolTag = 'ppCV';
constexpr ULONG kMaxLuns = 8;

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept;
void* __cdecl operator new(size_t size, void* where) noexcept;
void __cdecl operator delete(void* p, size_t size) noexcept;

template <typename T>
inline T* ExtensionOf(PVOID p)
{
    return static_cast<T*>(p);
}

class Lun {
public:
    explicit Lun(ULONG blocks) : blocks_(blocks) {}
    ~Lun() = default;
    ULONG Blocks() const { return blocks_; }
    UCHAR Execute(PSCSI_REQUEST_BLOCK srb);

private:
    ULONG blocks_;
};

class Adapter {
public:
    Adapter() : lunCount_(0), stopped_(false) {}
    ~Adapter();

    static ULONG FindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                             PVOID LowerDevice, PCHAR ArgumentString,
                             PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
    static BOOLEAN Initialize(PVOID DeviceExtension);
    static BOOLEAN StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
    static VOID FreeResources(PVOID DeviceExtension);

    bool AddLun(ULONG blocks);
    Lun* LunAt(ULONG index) const { return index < lunCount_ ? luns_[index] : nullptr; }

private:
    Lun* luns_[kMaxLuns] = {};
    ULONG lunCount_;
    bool stopped_;
};
