/**
 * Imported (for its side effect) by functions that need the link-signing key on every cold start (the RSVP links and
 * the calendar feed): the Secrets Manager package is then loaded at init instead of on first use.
 */
import '@aws-sdk/client-secrets-manager';
