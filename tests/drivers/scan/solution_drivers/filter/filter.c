/*
 * A WDM filter driver of the solution (a Driver project, not a Storport miniport): it
 * is read, found to be no miniport, and reported as skipped.
 */
#include <ntddk.h>

DRIVER_DISPATCH FlPassThrough;

NTSTATUS FlPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(DeviceObject, Irp);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FlPassThrough;
    return STATUS_SUCCESS;
}
