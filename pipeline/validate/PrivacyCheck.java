package pipeline.validate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * By the declared contract: for the ingest contract v0 blocks, consent present, PII state allowed for the
 * jurisdiction (raw PII in the EU or UK is a hard reject) and the blur tool and version recorded when PII is
 * blurred; for RLDS step logs, the safety block's attestation and the rule that public listing needs
 * {@code pii_cleared} and no pending review. An episode without such a contract is flagged consent-unknown.
 */
final class PrivacyCheck implements Check {
    @Override
    public Dimension dimension() {
        return Dimension.PRIVACY;
    }

    @Override
    public void run(ValidationContext ctx, Findings out) {
        Contract c = ctx.contract();
        String file = c.manifestFile();
        switch (c.kind()) {
            case CONTRACT_V0, RAW_EPISODE -> {
                if (ctx.manifest() == null) {
                    out.file("privacy.consent_missing", file, null, "no manifest, so no consent block");
                } else {
                    contractV0(ctx.manifest(), file, out);
                }
            }
            case RLDS_STEPLOG -> {
                JsonNode md = Contract.rldsMetadata(ctx.manifest());
                if (md == null) out.file("privacy.consent_missing", file, null, "no metadata.json, so no safety block");
                else rlds(md, file, out);
            }
            default -> out.file("privacy.consent_unknown", file, null, (c.declared() == null
                    ? "the episode (" + ctx.format() + ") declares no contract that carries consent"
                    : "the episode declares " + c.declared() + ", which Curio cannot read consent from")
                    + "; confirm consent before release");
        }
    }

    private static void contractV0(JsonNode m, String file, Findings out) {
        JsonNode consent = m.get("consent");
        if (consent == null || !consent.isObject()) {
            out.file("privacy.consent_missing", file, "$.consent", "the consent block is missing");
            return;
        }
        String pii = consent.path("pii_state").asText("");
        String jurisdiction = consent.path("jurisdiction").asText("");
        if (pii.equals("raw") && (jurisdiction.equals("eu") || jurisdiction.equals("uk"))) {
            out.file("privacy.raw_pii_restricted", file, "$.consent.pii_state",
                    "raw PII is not allowed in jurisdiction " + jurisdiction);
        } else if (pii.equals("raw")) {
            out.file("privacy.raw_pii", file, "$.consent.pii_state", "raw PII: redact faces before release");
        }
        if (pii.equals("blurred")) {
            String tool = consent.path("blur_tool").asText("");
            String version = consent.path("blur_tool_version").asText("");
            if (tool.isEmpty() || tool.equals("none")) {
                out.file("privacy.blur_tool_missing", file, "$.consent.blur_tool", "PII is blurred but no blur tool is recorded");
            } else if (version.isEmpty() || version.equals("0.0.0")) {
                out.file("privacy.blur_tool_missing", file, "$.consent.blur_tool_version",
                        "PII is blurred with " + tool + " but its version is not recorded");
            }
        }
    }

    private static void rlds(JsonNode meta, String file, Findings out) {
        JsonNode safety = meta.get("safety");
        if (safety == null || !safety.isObject()) {
            // Seed 004: safety is "required for public/share flows; recommended always".
            if (meta.path("share").path("public").asBoolean(false)) {
                out.file("privacy.public_listing_blocked", file, "$.safety",
                        "marked public (share.public=true) without the safety block public listing requires");
            } else {
                out.file("privacy.consent_unknown", file, "$.safety",
                        "no safety block (PII attestation, consent): recommended always; confirm consent before release");
            }
            return;
        }
        JsonNode attestation = safety.path("pii_attestation");
        if (attestation.path("consent").isBoolean() && !attestation.path("consent").asBoolean()) {
            out.file("privacy.consent_missing", file, "$.safety.pii_attestation.consent", "consent is false");
        }
        boolean piiPresent = attestation.path("pii_present").asBoolean(false) || attestation.path("faces_present").asBoolean(false);
        boolean cleared = safety.path("pii_cleared").asBoolean(false);
        boolean pending = safety.path("pending_review").asBoolean(piiPresent);
        if (meta.path("share").path("public").asBoolean(false) && (!cleared || pending)) {
            out.file("privacy.public_listing_blocked", file, "$.share.public",
                    "public listing needs pii_cleared=true and pending_review=false (pii_cleared=" + cleared
                            + ", pending_review=" + pending + ")");
        }
        if (piiPresent && !cleared) {
            out.file("privacy.raw_pii", file, "$.safety.pii_cleared", "PII present and not cleared: redact before release");
        }
    }
}
