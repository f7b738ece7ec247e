/**
 * Imported (for its side effect) by functions that send mail on (nearly) every invocation: the SES package and the
 * MIME composer are then loaded at init instead of on the first send (ses-mailer.ts imports them on demand).
 */
import '@aws-sdk/client-sesv2';
import '../../../core/mail/compose-mime.ts';
