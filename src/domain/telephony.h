/* telephony.h: what makes a user a reachable colleague (seed 001): its
 * destinations (SIP accounts, and forward targets: outside numbers), which
 * one it is reachable on now, the app's fallback to a mobile number,
 * click-to-dial, caller ID ("Nummerweergave", seed 000), the numbers that
 * ring it, voicemail, music on hold, the e911 address and the language of
 * its prompts. One document, read and written whole (GET|PUT).
 *
 * An admin (telephony.write) changes everything; a user holding
 * destination.own changes only its own availability and forwarding rules
 * (within the organization's user_forwarding). */
#pragma once
#include "domain/domain.h"

struct telephony {
	struct user u;
	struct user_telephony t;      /* defaults when never saved */
	struct sip_account *accounts; /* desk and app accounts, in creation order */
	int n_accounts;
	struct forward_target *forwards;
	int n_forwards;
	struct number *numbers; /* the numbers that ring the user */
	int n_numbers;
	struct sip_caller *callers;
	int n_callers;
	char *forwarding; /* the forwarding rules, JSON text; NULL: none on */
};

/* Everything about user_id (not deleted) of org; no rights checked. */
int telephony_load(struct dctx *c, const struct org *org, const char *user_id,
                   struct telephony *ret);
/* The document as the API shows it (a new reference). */
json_t *telephony_json(const struct org *org, const struct telephony *t);
/* The destinations ringing with the one the user is reachable on
 * (availability.simultaneous), at most max of them, into ids: those still
 * among its destinations. */
int telephony_simultaneous(const struct telephony *t, const char **ids, int max);
/* The number an outbound call of the user shows now, following the
 * organization's caller ID mode; NULL when none is set anywhere. */
const char *telephony_effective_caller_id(const struct org *org, const struct telephony *t);
int telephony_get(struct dctx *c, const struct org *org, const char *user_id,
                  struct telephony *ret);
/* Applies the members of in (members left out keep their value). */
int telephony_put(struct dctx *c, const struct org *org, const char *user_id, json_t *in,
                  struct telephony *ret);

/* What the platform rings for number (an extension, or one of the
 * organization's numbers in any common format) at the moment at (RFC 3339;
 * NULL: now): the answer of GET /orgs/{org}/route. It says the rule that
 * matched. -ENOENT when nothing has that number. */
int route_lookup(struct dctx *c, const struct org *org, const char *number, const char *at,
                 json_t **ret);

/* The SIP proxy's question for a call it sets up (GET /sip/route): caller
 * is the calling account's SIP username, number what it dialled; with
 * trunk, the call came in from the trunk, number is the DID and caller the
 * outside number. call_id and from_tag (optional) name the call: one that
 * does not ring is recorded in call history then. */
struct sip_call {
	const char *caller, *number, *trunk, *call_id, *from_tag;
};
/* The answer says the direction, the caller ID to show, the rule that
 * matched, and the targets as route_lookup gives them; a call that cannot
 * be set up has result "refused" with the SIP code and reason. A
 * round-robin group moves on, and a refused call is written (c->split: a
 * write transaction of its own). */
int sip_route(struct dctx *c, const struct sip_call *call, json_t **ret);
