// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * The registry calls are wrapped in driver macros and run in a system thread started
 * from the passive initialization routine. When the write fails, the error branch
 * closes the key but does not leave, and the common close after it runs again on the
 * closed handle. Reported on the line that invokes the second close macro.
 */

#include <ntddk.h>
#include <storport.h>

#define VX_CONFIG_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vxdisk\\Config"
#define VX_REG_CREATE(h, oa) \
    ZwCreateKey(&(h), KEY_ALL_ACCESS, (oa), 0, NULL, REG_OPTION_NON_VOLATILE, NULL)
#define VX_REG_CLOSE(h) ZwClose(h)

typedef struct _VX_EXT {
    HANDLE ConfigThread;
    ULONG Generation;
    NTSTATUS ConfigError;
} VX_EXT, *PVX_EXT;

VOID
VxConfigThread(PVOID Context)
{
    PVX_EXT ext = (PVX_EXT)Context;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VX_CONFIG_KEY);
    RtlInitUnicodeString(&valueName, L"Generation");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = VX_REG_CREATE(key, &oa);
    if (!NT_SUCCESS(status)) {
        ext->ConfigError = status;
        return;
    }
    ext->Generation++;
    status = ZwSetValueKey(key, &valueName, 0, REG_DWORD, &ext->Generation, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        VX_REG_CLOSE(key);  // ok: ZwRegistryCreate
        ext->ConfigError = status;
    }
    VX_REG_CLOSE(key);  // expect: ZwRegistryCreate
}

BOOLEAN
VxPassiveInit(PVOID DeviceExtension)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;
    NTSTATUS status;

    status = PsCreateSystemThread(&ext->ConfigThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  VxConfigThread, ext);
    return NT_SUCCESS(status);
}

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, VxPassiveInit);
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VX_EXT);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwStartIo = VxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
