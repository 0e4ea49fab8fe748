/* calls.h: call records and call history (issue 13, seeds 001 and 002).
 *
 * The SIP proxy reports every call that ended (POST /sip/cdrs, a batch of
 * records); the record says what the proxy saw (the SIP dialog's key, who
 * called, what was dialled, when it rang, was answered and ended, the final
 * response code, who answered) and the domain derives the rest: the
 * organization (from the caller's SIP account, or for a call from the trunk
 * from the number dialled, in the numbers table: never from a SIP domain,
 * which several organizations may share), the direction, the status, the
 * parties' names (users, the address book, hunt groups) and the callee, as
 * the routing resolves a number (route.c). Records are kept as they were
 * written, never changed, and purged once older than the organization's
 * call_retention_days (call_purge_expired, run by serve's janitor).
 *
 * Reading: calls.read_all shows every call of an organization (and, asked
 * for, of those below it); calls.read_own only the calls in which the
 * signed-in user is the caller, the callee or the one who answered. Writing
 * one is no administrator's change: nothing here goes to the audit trail. */
#pragma once
#include "domain/domain.h"

/* Records a batch may hold. */
#define CALLS_BATCH_MAX 500
/* Rows of one CSV download. */
#define CALLS_CSV_MAX 10000

/* How a call ended: voicemail when the media server answered it; answered
 * when someone did (answered); busy for 486 and 600; missed for 408, 480
 * and 487, or a reason starting with "cancel" (any case: the caller hung
 * up first); failed for anything else. A pure function. */
enum call_status call_status_of(bool voicemail, bool answered, int sip_code, const char *reason);

/* One record of a batch that was not stored: its index, why as a code
 * (no_such_sip_account, no_such_number) and in English. */
struct cdr_reject {
	int index;
	const char *code, *detail;
};

struct cdr_result {
	int accepted, duplicates; /* stored now; stored before (same key): unchanged */
	int n_rejected;
	struct cdr_reject *rejected; /* in c->a */
};

/* Stores the batch in (POST /sip/cdrs: {"records": [...]}, at most
 * CALLS_BATCH_MAX) in the caller's transaction. The body's form is checked
 * first, every record of it: a member missing, of the wrong type, too long,
 * or times out of order is a field error named records[i].member, and
 * -EBADMSG (400) with nothing stored. Then each record is resolved: one
 * whose organization cannot be found (an unknown caller, a number nobody
 * has, or an organization the actor holds no sip.proxy on: tenants are not
 * told apart from strangers) is rejected and the rest stored. A record whose
 * call_id and from_tag are stored already is a duplicate and changes
 * nothing. The route checks that the actor holds sip.proxy. */
int call_record_batch(struct dctx *c, json_t *in, struct cdr_result *ret);

/* A call the routing refused before anything rang (a suspended user,
 * nobody available, no member of a hunt group available). */
struct call_refused {
	const char *call_id, *from_tag; /* of the INVITE: the record's key */
	const char *caller; /* as a CDR's: the SIP username, or the outside number (inbound) */
	const char *number; /* as dialled: an extension, an outside number, or the DID */
	bool inbound;       /* the call came from the trunk */
	int sip_code;       /* the final answer the proxy gives (480, 486, 404, ...) */
	const char *reason; /* why, as the route lookup says: suspended, not_available, ... */
};

/* Records a refused call as a CDR of it would be (the same resolution and
 * the same key), starting and ending at c->now, unanswered, its status from
 * sip_code as call_status_of says (480: missed; 403, 404: failed).
 * Returns 0 when recorded, 1 when a record of this call_id and from_tag
 * exists (nothing changes: so the proxy's own CDR of the same call, sent
 * later, is a duplicate and the reason given here stays), -ENOENT (c->d
 * says why) when its organization cannot be found, -EINVAL for a missing
 * or over-long member. It writes: c->db must be in a write transaction (in
 * GET /sip/route, an R_SPLIT route, after dctx_begin_write). */
int call_record_refused(struct dctx *c, const struct call_refused *in);

/* What GET /orgs/{org}/calls asks for. */
struct cursor;
struct call_query {
	const struct org *org;
	bool include_children;          /* and the organizations below it (calls.read_all) */
	const char *from, *to;          /* RFC 3339 times, start_time in [from, to); NULL: open */
	const char *direction, *status; /* their texts (checked by the route); NULL: any */
	const char *user_id;            /* a party to the call; NULL: anyone */
	const char *q;                  /* a part of the caller's, callee's or dialled number */
	const struct cursor *after;     /* cursor_calls; NULL: the first page */
	int limit;
};
/* A page of at most q->limit calls, newest first; *ret_next the next page's
 * cursor or NULL. With calls.read_all on the organization: its calls; with
 * calls.read_own only: the actor's own (user_id, if given, must be the
 * actor: else 403 right_required); neither: 403 right_required. A bad
 * from or to is a field error (-EINVAL). */
int call_list(struct dctx *c, const struct call_query *q, struct call **ret, int *ret_n,
              const char **ret_next);
/* One call of org: as call_list's rights; another user's call for an actor
 * with calls.read_own only is -ENOENT, as a foreign id. */
int call_get(struct dctx *c, const struct org *org, const char *id, struct call *ret);
/* Deletes at most limit calls older than their organization's
 * call_retention_days; how many in *ret_n. */
int call_purge_expired(struct dctx *c, int limit, int *ret_n);
