// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=not_applicable
// expect-kind: physical
/*
 * No StorPortCompleteRequest anywhere: the skeleton completes each SRB with
 * StorPortNotification.
 */
#include "../_skel_begin.h"
#include "../_skel_end.h"
