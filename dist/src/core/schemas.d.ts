import { z } from '@hono/zod-openapi';
export declare const Purpose: z.ZodString;
export declare const Subject: z.ZodString;
export declare const LinkData: z.ZodRecord<z.ZodString, z.ZodUnknown>;
export declare const Token: z.ZodString;
export declare const IssueInput: z.ZodObject<{
    purpose: z.ZodString;
    subject: z.ZodString;
    ttl: z.ZodDefault<z.ZodNumber>;
    data: z.ZodOptional<z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodUnknown>>>;
    redirect: z.ZodOptional<z.ZodURL>;
}, z.core.$strict>;
export declare const IssuedLink: z.ZodObject<{
    token: z.ZodString;
    url: z.ZodString;
    expiresAt: z.ZodString;
}, z.core.$strip>;
export declare const OpenLinkBody: z.ZodObject<{
    purpose: z.ZodString;
    subject: z.ZodString;
    data: z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    expiresAt: z.ZodString;
}, z.core.$strip>;
export declare const ConsumeInput: z.ZodObject<{
    token: z.ZodString;
    purpose: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare const ErrorBody: z.ZodObject<{
    error: z.ZodString;
    message: z.ZodString;
    field: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type IssueInput = z.input<typeof IssueInput>;
