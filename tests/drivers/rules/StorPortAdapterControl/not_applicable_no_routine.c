// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=not_applicable
// expect-kind: physical
/*
 * No HwStorAdapterControl: not applicable.
 */
#include "../_skel_begin.h"
#include "../_skel_end.h"
