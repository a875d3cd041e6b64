// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * A request wrapper keeps the buffer its constructor is given (member initialiser list)
 * and frees it in a member function that reads the member bare (`m_Buffer`, i.e.
 * `this->m_Buffer`). StartIo frees the same buffer itself afterwards: the second free is
 * reported, which needs `this`, the constructor and the member function to agree on
 * which object `m_Buffer` belongs to. A wrapper built on another buffer is not confused
 * with it.
 */
#include <storport.h>

#define MB_TAG 'bMbM'

class RequestBuffer {
public:
    RequestBuffer(PVOID buffer, ULONG length) : m_Buffer(buffer), m_Length(length) {}

    void Discard()
    {
        if (m_Length != 0) {
            ExFreePoolWithTag(m_Buffer, MB_TAG);
        }
    }

    static BOOLEAN IsAligned(ULONG length) { return (length & 511) == 0; }

private:
    PVOID m_Buffer;
    ULONG m_Length;
};

struct MB_ADAPTER {
    ULONG Started;
};

extern "C" BOOLEAN MbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVOID data = ExAllocatePoolWithTag(NonPagedPoolNx, 512, MB_TAG);
    PVOID other = ExAllocatePoolWithTag(NonPagedPoolNx, 512, MB_TAG);

    if (data == NULL || other == NULL) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    RequestBuffer request(data, 512);
    RequestBuffer unrelated(other, 512);
    if (!RequestBuffer::IsAligned(Srb->DataTransferLength)) {
        request.Discard();
        unrelated.Discard();
        ExFreePoolWithTag(data, MB_TAG);  // expect: DoubleExFreePool
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

extern "C" ULONG MbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

extern "C" BOOLEAN MbInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

extern "C" ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MB_ADAPTER);
    init.HwFindAdapter = MbFindAdapter;
    init.HwInitialize = MbInitialize;
    init.HwStartIo = MbStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
