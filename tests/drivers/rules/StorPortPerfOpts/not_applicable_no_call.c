// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=not_applicable
// expect-kind: physical
/*
 * The driver never calls StorPortInitializePerfOpts.
 */
#include "../_skel_begin.h"
#include "../_skel_end.h"
