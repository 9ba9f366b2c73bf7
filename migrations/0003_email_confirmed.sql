-- v2: an account can sign in only once its address is confirmed (by the confirm_email link or code,
-- or by using a reset link, which proves the mailbox too). NULL: not confirmed yet.
ALTER TABLE accounts ADD COLUMN email_confirmed_at INTEGER;
-- Accounts from before v2 were usable without confirmation; they stay usable.
UPDATE accounts SET email_confirmed_at = created_at;
