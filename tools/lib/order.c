// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The order in which udevadm trigger writes, that of systemd's device
 * enumerator (read in systemd 262's sd-device, and checked against udevadm
 * 247, 252 and 262 on a sysfs tree laid out for it):
 *
 * - paths component by component (pathv_sort_unique() sorts so), as
 *   udevadm 252 and later (247 compares bytes);
 * - md and dm block devices (a devpath holding "/block/md" or
 *   "/block/dm-") after all others, so that a stacked device sees its
 *   lower devices' events first;
 * - below a sound card's directory (".../sound/cardN/"), its controlC
 *   devices after the card's other devices: the kernel creates the
 *   control device last, and programs take the ACL change of the control
 *   node for the whole card's: udevadm 247 does, 252 and later lose it
 *   to a bug (uevent-trigger(8));
 * - with prioritized subsystems, one batch each, in their order: the
 *   devices of that subsystem not in an earlier batch, and their parents
 *   that were selected too, the batch in the order above; then the rest.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "order.h"
#include "pathv.h"
#include "strv.h"

static bool late_block(const char *devpath)
{
	return strstr(devpath, "/block/md") || strstr(devpath, "/block/dm-");
}

/*
 * The length of the sound card's directory DEVPATH is strictly below
 * (".../sound/card0" of ".../sound/card0/pcmC0D0p"), or 0.
 */
static size_t sound_card_len(const char *devpath)
{
	const char *card = strstr(devpath, "/sound/card"), *slash;

	if (!card)
		return 0;
	slash = strchr(card + strlen("/sound/card"), '/');
	return slash ? (size_t)(slash - devpath) : 0;
}

static bool is_control(const char *devpath, size_t card_len)
{
	return !strncmp(devpath + card_len, "/controlC", 9);
}

/*
 * In V[0..N), each run of devices below one sound card (consecutive in
 * path order): the controlC ones moved behind the others, stably.
 */
static void controls_last(char **v, size_t n, size_t root_len, char **tmp)
{
	size_t i = 0, j, k, out;

	while (i < n) {
		const char *first = v[i] + root_len;
		size_t len = sound_card_len(first);

		for (j = i + 1; len && j < n; j++)
			if (strncmp(v[j] + root_len, first, len) ||
			    v[j][root_len + len] != '/')
				break;
		if (!len || j == i + 1) {
			i = len ? j : i + 1;
			continue;
		}
		out = 0;
		for (k = i; k < j; k++)
			if (!is_control(v[k] + root_len, len))
				tmp[out++] = v[k];
		for (k = i; k < j; k++)
			if (is_control(v[k] + root_len, len))
				tmp[out++] = v[k];
		memcpy(v + i, tmp, out * sizeof(*v));
		i = j;
	}
}

/* Is PATH in V (path order)? Its index, or -1. */
static ptrdiff_t find(const struct pathv *v, const char *path)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = pathv_compare(v->items[mid], path);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * RANK[i]: the batch of V's i-th device, by prioritized subsystem; the
 * prioritized count for the rest.
 */
static void batches(const struct pathv *v, const struct strv *p,
		    const char *root, const char *run_udev, uint32_t *rank)
{
	char parent[PATH_MAX];
	uint32_t *sub = rank + v->n;	/* first the subsystem's place */
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		struct device d;

		device_init(&d, root, run_udev, v->items[i]);
		for (k = 0; k < p->n &&
		     strcmp(p->items[k], device_subsystem(&d)); k++)
			;
		device_free(&d);
		sub[i] = k;
		rank[i] = p->n;
	}
	for (k = 0; k < p->n; k++) {
		for (i = 0; i < v->n; i++) {
			char *slash;

			if (sub[i] != k || rank[i] != p->n)
				continue;
			rank[i] = k;
			if (strlen(v->items[i]) >= sizeof(parent))
				continue;
			strcpy(parent, v->items[i]);
			while ((slash = strrchr(parent, '/')) &&
			       slash > parent) {
				ptrdiff_t at;

				*slash = '\0';
				at = find(v, parent);
				if (at >= 0 && rank[at] == p->n)
					rank[at] = k;
			}
		}
	}
}

int order_udevadm(struct pathv *v, size_t root_len,
		  const struct strv *prioritized, const char *root,
		  const char *run_udev)
{
	size_t np = prioritized->n, i, out = 0, from;
	uint32_t *rank = NULL;
	char **sorted, **tmp;
	int late;
	size_t b;

	if (!v->n)
		return 0;
	sorted = malloc((v->n + 1) * sizeof(*sorted));
	tmp = malloc(v->n * sizeof(*tmp));
	if (np)
		rank = malloc(2 * v->n * sizeof(*rank));
	if (!sorted || !tmp || (np && !rank)) {
		free(sorted);
		free(tmp);
		free(rank);
		return -ENOMEM;
	}
	if (np)
		batches(v, prioritized, root, run_udev, rank);
	for (b = 0; b <= np; b++) {
		for (late = 0; late <= 1; late++) {
			from = out;
			for (i = 0; i < v->n; i++)
				if ((!rank || rank[i] == b) &&
				    late_block(v->items[i] + root_len) == late)
					sorted[out++] = v->items[i];
			controls_last(sorted + from, out - from, root_len, tmp);
		}
		if (!rank)
			break;
	}
	sorted[out] = NULL;
	free(v->items);
	v->items = sorted;
	v->cap = v->n + 1;
	free(tmp);
	free(rank);
	return 0;
}
