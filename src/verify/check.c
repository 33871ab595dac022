#include "verify/check.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <math.h>
#include <string.h>

void evm_checked_list_free(evm_checked_list *list)
{
    if (!list)
        return;
    evm_free(list->items);
    memset(list, 0, sizeof *list);
}

static int claim_kind_of(evm_place_kind kind)
{
    switch (kind) {
    case EVM_KIND_CITY:
        return EVM_CLAIM_PLACE_CITY;
    case EVM_KIND_ADMIN1:
        return EVM_CLAIM_PLACE_ADMIN1;
    case EVM_KIND_COUNTRY:
        return EVM_CLAIM_PLACE_COUNTRY;
    case EVM_KIND_OTHER:
        break;
    }
    return EVM_CLAIM_PLACE_OTHER;
}

/* The place a claim's index names, or NULL. */
static const evm_claim_place *place_of(int index, const evm_claim_place *places,
                                       const evm_claim_place *topic)
{
    if (index >= 0)
        return &places[index];
    if (index == EVM_CLAIM_TOPIC)
        return topic;
    return NULL;
}

/* Is `subject` inside `container`? 1, 0, or -1 when it cannot be told. */
static evm_error containment(const evm_gazetteer *gz, evm_geo_ctx *geo, const evm_place *subject,
                             const evm_place *container, int *inside)
{
    *inside = -1;
    if (container->kind == EVM_KIND_COUNTRY) {
        if (subject->kind == EVM_KIND_COUNTRY) {
            *inside = 0;
            return EVM_OK;
        }
        evm_country_shape shape;
        evm_error err = evm_gazetteer_country_shape(gz, container->entry, &shape);
        if (err == EVM_OK) {
            int in = 0;
            err = evm_country_contains(geo, &shape, container->entry, subject->lat, subject->lon,
                                       &in);
            if (err)
                return err;
            /* The outline is 1:10m: a coastal point may fall just outside it;
             * the gazetteer's country code settles those. */
            *inside = in || !strcmp(subject->country_code, container->country_code);
            return EVM_OK;
        }
        if (err != EVM_ERR_NOT_FOUND)
            return err;
        *inside = !strcmp(subject->country_code, container->country_code);
        return EVM_OK;
    }
    if (container->kind == EVM_KIND_ADMIN1) {
        if (subject->kind == EVM_KIND_COUNTRY || subject->kind == EVM_KIND_ADMIN1)
            *inside = 0;
        else
            *inside = subject->admin1_entry == container->entry;
    }
    return EVM_OK;
}

/* Where a distance or direction from `ref` is measured from: a country's
 * nearest border point when the claim names the border ("40 km from the
 * Russian border", from inside or outside) or the subject lies outside the
 * country ("Kharkiv is 30 km from Russia" means from its border), else the
 * reference's own point. *ok is false when the claim names a border the
 * gazetteer has no outline for. */
static evm_error measured_from(const evm_gazetteer *gz, evm_geo_ctx *geo, const evm_claim *cl,
                               const evm_place *subject, const evm_place *ref,
                               evm_checked_claim *cc, bool *ok)
{
    cc->from_lat = ref->lat;
    cc->from_lon = ref->lon;
    cc->to_border = false;
    *ok = true;
    if (ref->kind != EVM_KIND_COUNTRY || subject->kind == EVM_KIND_COUNTRY) {
        *ok = !cl->to_border;
        return EVM_OK;
    }
    if (!cl->to_border && !strcmp(subject->country_code, ref->country_code))
        return EVM_OK;
    evm_country_shape shape;
    evm_error err = evm_gazetteer_country_shape(gz, ref->entry, &shape);
    if (err == EVM_ERR_NOT_FOUND) {
        *ok = !cl->to_border;
        return EVM_OK;
    }
    if (err)
        return err;
    int in = 0;
    if (!cl->to_border && (err = evm_country_contains(geo, &shape, ref->entry, subject->lat,
                                                      subject->lon, &in)) != EVM_OK)
        return err;
    if (in)
        return EVM_OK;
    double km, lat, lon;
    err = evm_country_border_distance(geo, &shape, ref->entry, subject->lat, subject->lon, &km,
                                      &lat, &lon);
    if (err == EVM_ERR_NOT_FOUND) {
        *ok = !cl->to_border;
        return EVM_OK;
    }
    if (err)
        return err;
    cc->from_lat = lat;
    cc->from_lon = lon;
    cc->to_border = true;
    return EVM_OK;
}

evm_error evm_check_claims(const evm_gazetteer *gz, evm_geo_ctx *geo, const evm_doc *doc,
                           evm_checked_list *out, evm_diag *diag)
{
    out->count = 0;
    evm_claim_list claims = {0};
    evm_claim_place *places = NULL;
    size_t places_cap = 0;
    evm_claim_place topic_place;
    const evm_claim_place *topic = NULL;
    evm_error err = EVM_OK;
    size_t m = 0;
    for (size_t si = 0; si < doc->sentences.count && !err; si++) {
        const evm_sentence *sent = &doc->sentences.items[si];
        size_t first = m, n = 0;
        while (m < doc->mention_count && doc->mentions[m].start < sent->end)
            m++;
        n = m - first;
        if (n == 0)
            continue; /* every claim names at least one place of its sentence */
        void *items = places;
        if ((err = evm_grow(&items, &places_cap, n + 1, sizeof *places)) != EVM_OK)
            break;
        places = items;
        /* The claims read a place's kind only (and the topic rule below its
         * kind): the kind is read without decoding the whole entry, and the
         * name is left out (NULL: evm_claim_place allows it). */
        for (size_t k = 0; k < n; k++) {
            const evm_mention *mn = &doc->mentions[first + k];
            evm_place_kind kind;
            uint32_t population;
            if ((err = evm_gazetteer_kind_population(gz, mn->entry, &kind, &population)) != EVM_OK)
                break;
            places[k].start = mn->start;
            places[k].end = mn->end;
            places[k].place_id = mn->entry;
            places[k].kind = claim_kind_of(kind);
            places[k].name = NULL;
            places[k].demonym = mn->demonym;
        }
        if (err)
            break;
        evm_claim_input in = {doc->text, doc->len, sent->start, sent->end, places, n, topic};
        size_t before = claims.count;
        if ((err = evm_claims_extract(&in, &claims, diag)) != EVM_OK)
            break;
        for (size_t c = before; c < claims.count && !err; c++) {
            const evm_claim *cl = &claims.items[c];
            items = out->items;
            if ((err = evm_grow(&items, &out->cap, out->count + 1, sizeof *out->items)) != EVM_OK)
                break;
            out->items = items;
            evm_checked_claim *cc = &out->items[out->count++];
            memset(cc, 0, sizeof *cc);
            cc->claim = *cl;
            cc->sentence_start = sent->start;
            cc->sentence_end = sent->end;
            const evm_claim_place *sp = place_of(cl->subject, places, topic);
            const evm_claim_place *rp = place_of(cl->reference, places, topic);
            cc->subject_entry = sp ? sp->place_id : EVM_NO_ENTRY;
            cc->reference_entry = rp ? rp->place_id : EVM_NO_ENTRY;
            if (sp) {
                cc->subject_start = sp->start;
                cc->subject_end = sp->end;
            }
            if (rp) {
                cc->reference_start = rp->start;
                cc->reference_end = rp->end;
            }
            evm_claim_measure measure = {NAN, NAN, -1};
            const evm_claim_measure *mp = NULL;
            if (cc->subject_entry != EVM_NO_ENTRY && cc->reference_entry != EVM_NO_ENTRY) {
                evm_place subj, ref;
                if ((err = evm_gazetteer_place(gz, cc->subject_entry, &subj)) != EVM_OK ||
                    (err = evm_gazetteer_place(gz, cc->reference_entry, &ref)) != EVM_OK)
                    break;
                double dist_m, azi1;
                bool measurable = true;
                if (cl->kind == EVM_CLAIM_CONTAINMENT) {
                    cc->from_lat = ref.lat;
                    cc->from_lon = ref.lon;
                } else if ((err = measured_from(gz, geo, cl, &subj, &ref, cc, &measurable)) !=
                           EVM_OK) {
                    break;
                }
                if (!measurable) {
                    err = evm_claim_verify(cl, NULL, &cc->check); /* a border without outline */
                    continue;
                }
                if ((err = evm_geodesic_inverse(geo, cc->from_lat, cc->from_lon, subj.lat, subj.lon,
                                                &dist_m, &azi1, NULL)) != EVM_OK)
                    break;
                measure.distance_m = dist_m;
                measure.bearing_deg = azi1;
                if (cl->kind == EVM_CLAIM_CONTAINMENT &&
                    (err = containment(gz, geo, &subj, &ref, &measure.inside)) != EVM_OK)
                    break;
                mp = &measure;
                cc->measured = true;
            }
            err = evm_claim_verify(cl, mp, &cc->check);
        }
        /* The place this sentence is about carries into the next one. */
        /* claims.items is NULL until the first claim: NULL + 0 is undefined. */
        const evm_claim *mine = claims.count > before ? claims.items + before : NULL;
        int next = evm_claims_next_topic(&in, mine, claims.count - before);
        if (next >= 0) {
            topic_place = places[next];
            topic = &topic_place;
        }
    }
    if (err == EVM_ERR_GEOMETRY)
        evm_diag_set(diag, err, "geometry: %s", evm_geo_ctx_message(geo));
    evm_claim_list_free(&claims);
    evm_free(places);
    return err;
}
