// Nine Storport DDI rules as simple Coccinelle patterns (a peer comparison for ddiverify).
// Each rule reports the position of its match through a python script rule.

// DoubleKeSetEvent: KeSetEvent twice on the same event, no Clear/Reset/Initialize between.
@dkse exists@
expression E;
position p1, p2;
@@
KeSetEvent@p1(E, ...)
... when != KeClearEvent(E)
    when != KeResetEvent(E)
    when != KeInitializeEvent(E, ...)
KeSetEvent@p2(E, ...)

@script:python@
p1 << dkse.p1;
p2 << dkse.p2;
@@
print("DoubleKeSetEvent %s:%s (first at line %s)" % (p2[0].file, p2[0].line, p1[0].line))

// DoubleExFreePool: ExFreePool/ExFreePoolWithTag twice on the same expression, not reassigned.
@dfree exists@
expression E, E2;
position p1, p2;
@@
(
ExFreePool@p1(E)
|
ExFreePoolWithTag@p1(E, ...)
)
... when != E = E2
(
ExFreePool@p2(E)
|
ExFreePoolWithTag@p2(E, ...)
)

@script:python@
p1 << dfree.p1;
p2 << dfree.p2;
@@
print("DoubleExFreePool %s:%s (first at line %s)" % (p2[0].file, p2[0].line, p1[0].line))

// StorPortMSILock: any StorPortAcquireMSISpinLock.
@msi@
position p;
@@
StorPortAcquireMSISpinLock@p(...)

@script:python@
p << msi.p;
@@
print("StorPortMSILock %s:%s" % (p[0].file, p[0].line))

// StorPortVirtualDevice: X->VirtualDevice = TRUE (wrong for a physical miniport).
@vdev@
expression X;
position p;
@@
X->VirtualDevice =@p TRUE

@script:python@
p << vdev.p;
@@
print("StorPortVirtualDevice %s:%s" % (p[0].file, p[0].line))

// StorPortVirtualDevice2: X->VirtualDevice = FALSE (wrong for a virtual miniport).
@vdev2@
expression X;
position p;
@@
X->VirtualDevice =@p FALSE

@script:python@
p << vdev2.p;
@@
print("StorPortVirtualDevice2 %s:%s" % (p[0].file, p[0].line))

// ZwRegistryOpen: a handle from ZwOpenKey/ZwOpenKeyEx not closed on some path to a return.
@zwopen exists@
expression H;
position p, q;
@@
(
ZwOpenKey@p(&H, ...)
|
ZwOpenKeyEx@p(&H, ...)
)
... when != ZwClose(H)
return@q ...;

@script:python@
p << zwopen.p;
q << zwopen.q;
@@
print("ZwRegistryOpen %s:%s (returns unclosed at line %s)" % (p[0].file, p[0].line, q[0].line))

// ZwRegistryCreate: the same for ZwCreateKey.
@zwcreate exists@
expression H;
position p, q;
@@
ZwCreateKey@p(&H, ...)
... when != ZwClose(H)
return@q ...;

@script:python@
p << zwcreate.p;
q << zwcreate.q;
@@
print("ZwRegistryCreate %s:%s (returns unclosed at line %s)" % (p[0].file, p[0].line, q[0].line))

// IoFreeIrp: IoAllocateIrp without IoFreeIrp or IoSetCompletionRoutine(Ex) on some path.
@irp exists@
expression I;
position p;
@@
I = IoAllocateIrp@p(...)
... when != IoFreeIrp(I)
    when != IoSetCompletionRoutine(I, ...)
    when != IoSetCompletionRoutineEx(..., I, ...)

@script:python@
p << irp.p;
@@
print("IoFreeIrp %s:%s" % (p[0].file, p[0].line))

// WithinCriticalRegion: ExAcquireResource*Lite with no KeEnterCriticalRegion before it.
@crit exists@
identifier f;
position p;
@@
f(...) {
... when != KeEnterCriticalRegion()
    when any
(
ExAcquireResourceExclusiveLite@p(...)
|
ExAcquireResourceSharedLite@p(...)
|
ExAcquireSharedStarveExclusive@p(...)
|
ExAcquireSharedWaitForExclusive@p(...)
)
...
}

@script:python@
p << crit.p;
@@
print("WithinCriticalRegion %s:%s" % (p[0].file, p[0].line))
