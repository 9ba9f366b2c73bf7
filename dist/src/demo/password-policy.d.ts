/** NIST SP 800-63B asks for at least 8; 12 keeps an offline guess against a stolen hash out of reach. */
export declare const MIN_PASSWORD_LENGTH = 12;
/** Long passphrases are welcome; the ceiling only stops a megabyte "password" from tying up the KDF. */
export declare const MAX_PASSWORD_LENGTH = 1024;
export type PasswordCheck = {
    readonly ok: true;
    readonly password: string;
} | {
    readonly ok: false;
    readonly message: string;
};
/**
 * Length is counted in characters as people see them (code points), not UTF-16 units, so an
 * emoji counts once. No composition rules: NIST advises against them.
 */
export declare function checkNewPassword(input: unknown): PasswordCheck;
