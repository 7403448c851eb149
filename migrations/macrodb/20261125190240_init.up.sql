-- CreateEnum
CREATE TYPE "OrganizationStatus" AS ENUM ('PILOT', 'ENTERPRISE');

-- CreateEnum
CREATE TYPE "AccessLevel" AS ENUM ('view', 'comment', 'edit', 'owner');

-- CreateEnum
CREATE TYPE "team_role" AS ENUM ('member', 'admin', 'owner');

-- CreateEnum
CREATE TYPE "property_data_type" AS ENUM ('BOOLEAN', 'DATE', 'NUMBER', 'STRING', 'SELECT_NUMBER', 'SELECT_STRING', 'ENTITY', 'LINK');

-- CreateEnum
CREATE TYPE "property_entity_type" AS ENUM ('CHANNEL', 'CHAT', 'DOCUMENT', 'PROJECT', 'THREAD', 'USER');

-- CreateEnum
CREATE TYPE "email_user_provider_enum" AS ENUM ('GMAIL');

-- CreateEnum
CREATE TYPE "email_message_list_visibility_enum" AS ENUM ('Show', 'Hide');

-- CreateEnum
CREATE TYPE "email_label_list_visibility_enum" AS ENUM ('LabelShow', 'LabelShowIfUnread', 'LabelHide');

-- CreateEnum
CREATE TYPE "email_label_type_enum" AS ENUM ('System', 'User');

-- CreateEnum
CREATE TYPE "email_recipient_type" AS ENUM ('TO', 'CC', 'BCC');

-- CreateEnum
CREATE TYPE "comms_channel_type" AS ENUM ('public', 'organization', 'private', 'direct_message');

-- CreateEnum
CREATE TYPE "comms_participant_role" AS ENUM ('owner', 'admin', 'member');

-- CreateEnum
CREATE TYPE "device_type_option" AS ENUM ('ios', 'android');

-- CreateTable
CREATE TABLE "User" (
    "id" text NOT NULL,
    "email" text NOT NULL,
    "name" text,
    "group" character varying(1),
    "hasChromeExt" boolean NOT NULL DEFAULT false,
    "organizationId" integer,
    "stripeCustomerId" text,
    "tutorialComplete" boolean NOT NULL DEFAULT false,
    "hasOnboardingDocuments" boolean NOT NULL DEFAULT false,
    "industry" character varying(255),
    "title" character varying(20),
    "firstName" character varying(100),
    "lastName" character varying(100),
    "profilePicture" text,
    "profilePictureHash" character varying(40),
    "macro_user_id" uuid,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "macro_user" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "username" text NOT NULL,
    "email" text NOT NULL,
    "stripe_customer_id" text NOT NULL,

    CONSTRAINT "macro_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" SERIAL NOT NULL,
    "name" text NOT NULL,
    "emailToolDomain" text,
    "stripeCustomerId" text,
    "status" "OrganizationStatus" NOT NULL DEFAULT 'PILOT',
    "seats" integer,
    "allowListOnly" boolean,
    "llmProviders" text,
    "netDocumentsEnabled" boolean NOT NULL DEFAULT false,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "owner_id" text NOT NULL,
    "subscription_id" text,
    "seat_count" integer NOT NULL DEFAULT 0,

    CONSTRAINT "team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_user" (
    "user_id" text NOT NULL,
    "team_id" uuid NOT NULL,
    "team_role" "team_role" NOT NULL,

    CONSTRAINT "team_user_pkey" PRIMARY KEY ("user_id", "team_id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "owner" text NOT NULL,
    "fileType" text,
    "branchedFromId" text,
    "branchedFromVersionId" bigint,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" timestamp(3) with time zone,
    "uploaded" boolean NOT NULL DEFAULT false,
    "documentFamilyId" bigint,
    "projectId" text,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentInstance" (
    "id" BIGSERIAL NOT NULL,
    "revisionName" text,
    "documentId" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sha" text NOT NULL,

    CONSTRAINT "DocumentInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentInstanceModificationData" (
    "id" BIGSERIAL NOT NULL,
    "documentInstanceId" bigint NOT NULL,
    "modificationData" jsonb NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pdfPlaceableCommentMigratedAt" timestamp(3) with time zone,
    "pdfHighlightMigratedAt" timestamp(3) with time zone,

    CONSTRAINT "DocumentInstanceModificationData_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentBom" (
    "id" BIGSERIAL NOT NULL,
    "revisionName" text,
    "documentId" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentBom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BomPart" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "sha" text NOT NULL,
    "path" text NOT NULL,
    "documentBomId" bigint NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BomPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentText" (
    "id" BIGSERIAL NOT NULL,
    "content" text NOT NULL,
    "documentId" text NOT NULL,
    "tokenCount" bigint NOT NULL DEFAULT 0,

    CONSTRAINT "DocumentText_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "userId" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "parentId" text,
    "deletedAt" timestamp(3) with time zone,
    "uploadPending" boolean NOT NULL DEFAULT false,
    "uploadRequestId" text,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharePermission" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "isPublic" boolean NOT NULL,
    "publicAccessLevel" "AccessLevel",
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SharePermission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentPermission" (
    "documentId" text NOT NULL,
    "sharePermissionId" text NOT NULL,

    CONSTRAINT "DocumentPermission_pkey" PRIMARY KEY ("documentId")
);

-- CreateTable
CREATE TABLE "ProjectPermission" (
    "projectId" text NOT NULL,
    "sharePermissionId" text NOT NULL,

    CONSTRAINT "ProjectPermission_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "ChatPermission" (
    "chatId" text NOT NULL,
    "sharePermissionId" text NOT NULL,

    CONSTRAINT "ChatPermission_pkey" PRIMARY KEY ("chatId")
);

-- CreateTable
CREATE TABLE "ChannelSharePermission" (
    "channel_id" uuid NOT NULL,
    "share_permission_id" text NOT NULL,
    "access_level" "AccessLevel" NOT NULL,

    CONSTRAINT "ChannelSharePermission_pkey" PRIMARY KEY ("channel_id", "share_permission_id")
);

-- CreateTable
CREATE TABLE "UserItemAccess" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "user_id" text NOT NULL,
    "item_id" text NOT NULL,
    "item_type" text NOT NULL,
    "granted_from_channel_id" uuid,
    "access_level" "AccessLevel" NOT NULL,
    "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserItemAccess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserHistory" (
    "userId" text NOT NULL,
    "itemId" text NOT NULL,
    "itemType" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserHistory_pkey" PRIMARY KEY ("userId", "itemId", "itemType")
);

-- CreateTable
CREATE TABLE "ItemLastAccessed" (
    "item_id" text NOT NULL,
    "item_type" text NOT NULL,
    "last_accessed" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemLastAccessed_pkey" PRIMARY KEY ("item_id", "item_type")
);

-- CreateTable
CREATE TABLE "Pin" (
    "userId" text NOT NULL,
    "pinnedItemId" text NOT NULL,
    "pinnedItemType" text NOT NULL,
    "pinIndex" integer NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pin_pkey" PRIMARY KEY ("userId", "pinnedItemId", "pinnedItemType")
);

-- CreateTable
CREATE TABLE "Chat" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "userId" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" timestamp(3) with time zone,
    "name" text NOT NULL,
    "model" text NOT NULL DEFAULT 'gpt-4o',
    "tokenCount" bigint,
    "projectId" text,
    "isPersistent" boolean NOT NULL DEFAULT false,

    CONSTRAINT "Chat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content" jsonb NOT NULL,
    "role" text NOT NULL,
    "chatId" text NOT NULL,
    "model" text,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatAttachment" (
    "id" text NOT NULL DEFAULT gen_random_uuid(),
    "attachmentType" text NOT NULL,
    "attachmentId" text NOT NULL,
    "chatId" text,
    "messageId" text,

    CONSTRAINT "ChatAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Thread" (
    "id" BIGSERIAL NOT NULL,
    "owner" text NOT NULL,
    "documentId" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" timestamp(3) with time zone,
    "metadata" jsonb,
    "resolved" boolean NOT NULL DEFAULT false,

    CONSTRAINT "Thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" BIGSERIAL NOT NULL,
    "threadId" bigint NOT NULL,
    "owner" text NOT NULL,
    "sender" text,
    "text" text NOT NULL,
    "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" timestamp(3) with time zone,
    "order" integer,
    "metadata" jsonb,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comms_channels" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" character varying(255),
    "channel_type" "comms_channel_type" NOT NULL,
    "org_id" bigint,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "owner_id" text NOT NULL,

    CONSTRAINT "comms_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comms_channel_participants" (
    "channel_id" uuid NOT NULL,
    "role" "comms_participant_role" NOT NULL,
    "user_id" text NOT NULL,
    "joined_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" timestamp(6) with time zone,

    CONSTRAINT "comms_channel_participants_pkey" PRIMARY KEY ("channel_id", "user_id")
);

-- CreateTable
CREATE TABLE "comms_messages" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "channel_id" uuid NOT NULL,
    "thread_id" uuid,
    "sender_id" text NOT NULL,
    "content" text NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" timestamp(6) with time zone,
    "deleted_at" timestamp(6) with time zone,

    CONSTRAINT "comms_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comms_reactions" (
    "message_id" uuid NOT NULL,
    "emoji" character varying(32) NOT NULL,
    "user_id" text NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comms_reactions_pkey" PRIMARY KEY ("message_id", "emoji", "user_id")
);

-- CreateTable
CREATE TABLE "comms_attachments" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "message_id" uuid NOT NULL,
    "entity_type" character varying(32) NOT NULL,
    "entity_id" character varying NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel_id" uuid NOT NULL,

    CONSTRAINT "comms_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comms_entity_mentions" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entity_type" character varying(32) NOT NULL,
    "entity_id" character varying NOT NULL,
    "source_entity_type" character varying(32) NOT NULL,
    "source_entity_id" character varying NOT NULL,
    "user_id" character varying,

    CONSTRAINT "comms_entity_mentions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comms_activity" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "user_id" text NOT NULL,
    "channel_id" uuid NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "viewed_at" timestamp(6) with time zone,
    "interacted_at" timestamp(6) with time zone,

    CONSTRAINT "comms_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_links" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "macro_id" text NOT NULL,
    "fusionauth_user_id" text NOT NULL,
    "email_address" character varying(320) NOT NULL,
    "provider" "email_user_provider_enum" NOT NULL,
    "is_sync_active" boolean NOT NULL DEFAULT true,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_threads" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" text,
    "link_id" uuid NOT NULL,
    "inbox_visible" boolean NOT NULL DEFAULT false,
    "is_read" boolean NOT NULL DEFAULT false,
    "latest_inbound_message_ts" timestamp(6) with time zone,
    "latest_outbound_message_ts" timestamp(6) with time zone,
    "latest_non_spam_message_ts" timestamp(6) with time zone,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_messages" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" text,
    "thread_id" uuid NOT NULL,
    "provider_thread_id" text,
    "link_id" uuid NOT NULL,
    "provider_history_id" text,
    "internal_date_ts" timestamp(6) with time zone,
    "snippet" text,
    "size_estimate" bigint,
    "subject" text,
    "from_contact_id" uuid,
    "sent_at" timestamp(6) with time zone,
    "has_attachments" boolean NOT NULL DEFAULT false,
    "is_read" boolean NOT NULL DEFAULT false,
    "is_starred" boolean NOT NULL DEFAULT false,
    "is_sent" boolean NOT NULL DEFAULT false,
    "is_draft" boolean NOT NULL DEFAULT false,
    "body_text" text,
    "body_html_sanitized" text,
    "body_macro" text,
    "headers_jsonb" jsonb,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "global_id" text,
    "replying_to_id" uuid,

    CONSTRAINT "email_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_contacts" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "link_id" uuid NOT NULL,
    "email_address" character varying(320) NOT NULL,
    "name" character varying(255),
    "original_photo_url" text,
    "sfs_photo_url" text,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message_recipients" (
    "message_id" uuid NOT NULL,
    "contact_id" uuid NOT NULL,
    "recipient_type" "email_recipient_type" NOT NULL,

    CONSTRAINT "email_message_recipients_pkey" PRIMARY KEY ("message_id", "contact_id", "recipient_type")
);

-- CreateTable
CREATE TABLE "email_labels" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "link_id" uuid NOT NULL,
    "provider_label_id" text NOT NULL,
    "name" character varying(255) NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message_list_visibility" "email_message_list_visibility_enum" NOT NULL DEFAULT 'Show',
    "label_list_visibility" "email_label_list_visibility_enum" NOT NULL DEFAULT 'LabelShow',
    "type" "email_label_type_enum" NOT NULL DEFAULT 'User',

    CONSTRAINT "email_labels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message_labels" (
    "message_id" uuid NOT NULL,
    "label_id" uuid NOT NULL,

    CONSTRAINT "email_message_labels_pkey" PRIMARY KEY ("message_id", "label_id")
);

-- CreateTable
CREATE TABLE "email_attachments" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "message_id" uuid NOT NULL,
    "provider_attachment_id" text,
    "filename" character varying(512),
    "mime_type" character varying(255),
    "size_bytes" bigint,
    "content_id" character varying(255),
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "notification_event_type" character varying(255) NOT NULL,
    "event_item_id" text NOT NULL,
    "event_item_type" text NOT NULL,
    "service_sender" text NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "metadata" jsonb,
    "sender_id" text,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_notification" (
    "user_id" text NOT NULL,
    "notification_id" uuid NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent" boolean NOT NULL DEFAULT false,
    "seen_at" timestamp(6) with time zone,
    "deleted_at" timestamp(6) with time zone,
    "done" boolean NOT NULL DEFAULT false,
    "is_important_v0" boolean NOT NULL DEFAULT false,

    CONSTRAINT "user_notification_pkey" PRIMARY KEY ("user_id", "notification_id")
);

-- CreateTable
CREATE TABLE "notification_email_unsubscribe" (
    "email" text NOT NULL,

    CONSTRAINT "notification_email_unsubscribe_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "user_notification_item_unsubscribe" (
    "user_id" text NOT NULL,
    "item_id" text NOT NULL,
    "item_type" text NOT NULL,

    CONSTRAINT "user_notification_item_unsubscribe_pkey" PRIMARY KEY ("user_id", "item_id")
);

-- CreateTable
CREATE TABLE "user_device_registration" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "user_id" text NOT NULL,
    "device_token" text NOT NULL,
    "device_endpoint" text NOT NULL,
    "device_type" "device_type_option" NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" timestamp(6) with time zone,

    CONSTRAINT "user_device_registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_mute_notification" (
    "user_id" text NOT NULL,

    CONSTRAINT "user_mute_notification_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "property_definitions" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" integer,
    "user_id" text,
    "display_name" text NOT NULL,
    "data_type" "property_data_type" NOT NULL,
    "is_multi_select" boolean NOT NULL,
    "specific_entity_type" "property_entity_type",
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "property_definitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "property_options" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "property_definition_id" uuid NOT NULL,
    "display_order" integer NOT NULL DEFAULT 0,
    "number_value" double precision,
    "string_value" text,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "property_options_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entity_properties" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "entity_id" text NOT NULL,
    "entity_type" "property_entity_type" NOT NULL,
    "property_definition_id" uuid NOT NULL,
    "values" jsonb,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_properties_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_stripeCustomerId_key" ON "User"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "User_organizationId_idx" ON "User"("organizationId");

-- CreateIndex
CREATE INDEX "User_macro_user_id_idx" ON "User"("macro_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "macro_user_username_key" ON "macro_user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "macro_user_email_key" ON "macro_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "macro_user_stripe_customer_id_key" ON "macro_user"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_name_key" ON "Organization"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_stripeCustomerId_key" ON "Organization"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "team_owner_id_idx" ON "team"("owner_id");

-- CreateIndex
CREATE INDEX "team_user_team_id_idx" ON "team_user"("team_id");

-- CreateIndex
CREATE INDEX "Document_owner_deletedAt_idx" ON "Document"("owner", "deletedAt");

-- CreateIndex
CREATE INDEX "Document_owner_fileType_idx" ON "Document"("owner", "fileType");

-- CreateIndex
CREATE INDEX "Document_branchedFromId_idx" ON "Document"("branchedFromId");

-- CreateIndex
CREATE INDEX "Document_documentFamilyId_idx" ON "Document"("documentFamilyId");

-- CreateIndex
CREATE INDEX "Document_projectId_idx" ON "Document"("projectId");

-- CreateIndex
CREATE INDEX "DocumentInstance_documentId_createdAt_idx" ON "DocumentInstance"("documentId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "DocumentInstanceModificationData_documentInstanceId_idx" ON "DocumentInstanceModificationData"("documentInstanceId");

-- CreateIndex
CREATE INDEX "DocumentBom_documentId_createdAt_idx" ON "DocumentBom"("documentId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "BomPart_sha_idx" ON "BomPart"("sha");

-- CreateIndex
CREATE INDEX "BomPart_documentBomId_idx" ON "BomPart"("documentBomId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentText_documentId_key" ON "DocumentText"("documentId");

-- CreateIndex
CREATE INDEX "Project_userId_idx" ON "Project"("userId");

-- CreateIndex
CREATE INDEX "Project_parentId_idx" ON "Project"("parentId");

-- CreateIndex
CREATE INDEX "Project_uploadPending_idx" ON "Project"("uploadPending");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentPermission_sharePermissionId_key" ON "DocumentPermission"("sharePermissionId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectPermission_sharePermissionId_key" ON "ProjectPermission"("sharePermissionId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatPermission_sharePermissionId_key" ON "ChatPermission"("sharePermissionId");

-- CreateIndex
CREATE INDEX "ChannelSharePermission_share_permission_id_idx" ON "ChannelSharePermission"("share_permission_id");

-- CreateIndex
CREATE INDEX "UserItemAccess_user_id_item_type_idx" ON "UserItemAccess"("user_id", "item_type");

-- CreateIndex
CREATE INDEX "UserItemAccess_granted_from_channel_id_idx" ON "UserItemAccess"("granted_from_channel_id");

-- CreateIndex
CREATE INDEX "UserHistory_userId_itemType_idx" ON "UserHistory"("userId", "itemType");

-- CreateIndex
CREATE INDEX "UserHistory_itemId_itemType_idx" ON "UserHistory"("itemId", "itemType");

-- CreateIndex
CREATE INDEX "ItemLastAccessed_item_type_idx" ON "ItemLastAccessed"("item_type");

-- CreateIndex
CREATE INDEX "Pin_pinnedItemId_idx" ON "Pin"("pinnedItemId");

-- CreateIndex
CREATE INDEX "Chat_userId_idx" ON "Chat"("userId");

-- CreateIndex
CREATE INDEX "Chat_projectId_idx" ON "Chat"("projectId");

-- CreateIndex
CREATE INDEX "ChatMessage_chatId_createdAt_idx" ON "ChatMessage"("chatId", "createdAt");

-- CreateIndex
CREATE INDEX "ChatAttachment_messageId_idx" ON "ChatAttachment"("messageId");

-- CreateIndex
CREATE INDEX "ChatAttachment_chatId_idx" ON "ChatAttachment"("chatId");

-- CreateIndex
CREATE INDEX "ChatAttachment_attachmentType_attachmentId_idx" ON "ChatAttachment"("attachmentType", "attachmentId");

-- CreateIndex
CREATE INDEX "Thread_documentId_idx" ON "Thread"("documentId");

-- CreateIndex
CREATE INDEX "Thread_owner_idx" ON "Thread"("owner");

-- CreateIndex
CREATE INDEX "Comment_threadId_createdAt_idx" ON "Comment"("threadId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_owner_idx" ON "Comment"("owner");

-- CreateIndex
CREATE INDEX "comms_channel_participants_user_id_idx" ON "comms_channel_participants"("user_id");

-- CreateIndex
CREATE INDEX "comms_messages_channel_id_created_at_idx" ON "comms_messages"("channel_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "comms_messages_thread_id_idx" ON "comms_messages"("thread_id");

-- CreateIndex
CREATE INDEX "comms_messages_sender_id_idx" ON "comms_messages"("sender_id");

-- CreateIndex
CREATE INDEX "comms_attachments_channel_id_created_at_idx" ON "comms_attachments"("channel_id", "created_at");

-- CreateIndex
CREATE INDEX "comms_attachments_message_id_idx" ON "comms_attachments"("message_id");

-- CreateIndex
CREATE INDEX "comms_attachments_entity_type_entity_id_created_at_idx" ON "comms_attachments"("entity_type", "entity_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "comms_entity_mentions_source_entity_type_source_entity_id_e_idx" ON "comms_entity_mentions"("source_entity_type", "source_entity_id", "entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "comms_entity_mentions_entity_type_entity_id_idx" ON "comms_entity_mentions"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "comms_entity_mentions_created_at_idx" ON "comms_entity_mentions"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "comms_activity_user_id_channel_id_key" ON "comms_activity"("user_id", "channel_id");

-- CreateIndex
CREATE INDEX "comms_activity_channel_id_user_id_idx" ON "comms_activity"("channel_id", "user_id");

-- CreateIndex
CREATE INDEX "comms_activity_user_id_updated_at_idx" ON "comms_activity"("user_id", "updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "email_links_fusionauth_user_id_email_address_provider_key" ON "email_links"("fusionauth_user_id", "email_address", "provider");

-- CreateIndex
CREATE INDEX "email_links_macro_id_idx" ON "email_links"("macro_id");

-- CreateIndex
CREATE INDEX "email_threads_link_id_latest_inbound_message_ts_idx" ON "email_threads"("link_id", "latest_inbound_message_ts" DESC);

-- CreateIndex
CREATE INDEX "email_messages_thread_id_internal_date_ts_idx" ON "email_messages"("thread_id", "internal_date_ts" DESC);

-- CreateIndex
CREATE INDEX "email_messages_link_id_thread_id_internal_date_ts_idx" ON "email_messages"("link_id", "thread_id", "internal_date_ts" DESC);

-- CreateIndex
CREATE INDEX "email_messages_link_id_global_id_idx" ON "email_messages"("link_id", "global_id");

-- CreateIndex
CREATE INDEX "email_messages_link_id_replying_to_id_idx" ON "email_messages"("link_id", "replying_to_id");

-- CreateIndex
CREATE INDEX "email_messages_from_contact_id_idx" ON "email_messages"("from_contact_id");

-- CreateIndex
CREATE INDEX "email_messages_replying_to_id_idx" ON "email_messages"("replying_to_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_contacts_link_id_email_address_key" ON "email_contacts"("link_id", "email_address");

-- CreateIndex
CREATE INDEX "email_message_recipients_contact_id_idx" ON "email_message_recipients"("contact_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_labels_link_id_provider_label_id_key" ON "email_labels"("link_id", "provider_label_id");

-- CreateIndex
CREATE INDEX "email_labels_link_id_name_idx" ON "email_labels"("link_id", "name");

-- CreateIndex
CREATE INDEX "email_labels_name_idx" ON "email_labels"("name");

-- CreateIndex
CREATE INDEX "email_message_labels_label_id_message_id_idx" ON "email_message_labels"("label_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_attachments_message_id_provider_attachment_id_key" ON "email_attachments"("message_id", "provider_attachment_id");

-- CreateIndex
CREATE INDEX "email_attachments_provider_attachment_id_idx" ON "email_attachments"("provider_attachment_id");

-- CreateIndex
CREATE INDEX "notification_event_item_id_event_item_type_idx" ON "notification"("event_item_id", "event_item_type");

-- CreateIndex
CREATE INDEX "notification_event_item_type_idx" ON "notification"("event_item_type");

-- CreateIndex
CREATE INDEX "user_notification_user_id_created_at_idx" ON "user_notification"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "user_notification_notification_id_idx" ON "user_notification"("notification_id");

-- CreateIndex
CREATE INDEX "user_notification_item_unsubscribe_item_id_idx" ON "user_notification_item_unsubscribe"("item_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_device_registration_device_endpoint_key" ON "user_device_registration"("device_endpoint");

-- CreateIndex
CREATE INDEX "user_device_registration_user_id_idx" ON "user_device_registration"("user_id");

-- CreateIndex
CREATE INDEX "user_device_registration_device_token_idx" ON "user_device_registration"("device_token");

-- CreateIndex
CREATE UNIQUE INDEX "property_definitions_organization_id_display_name_key" ON "property_definitions"("organization_id", "display_name");

-- CreateIndex
CREATE UNIQUE INDEX "property_definitions_user_id_display_name_key" ON "property_definitions"("user_id", "display_name");

-- CreateIndex
CREATE UNIQUE INDEX "property_options_property_definition_id_string_value_key" ON "property_options"("property_definition_id", "string_value");

-- CreateIndex
CREATE UNIQUE INDEX "property_options_property_definition_id_number_value_key" ON "property_options"("property_definition_id", "number_value");

-- CreateIndex
CREATE UNIQUE INDEX "entity_properties_entity_id_entity_type_property_definition_key" ON "entity_properties"("entity_id", "entity_type", "property_definition_id");

-- CreateIndex
CREATE INDEX "entity_properties_property_definition_id_idx" ON "entity_properties"("property_definition_id");

-- CreateIndex
CREATE INDEX "entity_properties_values_idx" ON "entity_properties" USING gin("values" jsonb_path_ops);

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_macro_user_id_fkey" FOREIGN KEY ("macro_user_id") REFERENCES "macro_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team" ADD CONSTRAINT "team_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_user" ADD CONSTRAINT "team_user_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_user" ADD CONSTRAINT "team_user_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_owner_fkey" FOREIGN KEY ("owner") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentInstance" ADD CONSTRAINT "DocumentInstance_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentInstanceModificationData" ADD CONSTRAINT "DocumentInstanceModificationData_documentInstanceId_fkey" FOREIGN KEY ("documentInstanceId") REFERENCES "DocumentInstance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentBom" ADD CONSTRAINT "DocumentBom_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BomPart" ADD CONSTRAINT "BomPart_documentBomId_fkey" FOREIGN KEY ("documentBomId") REFERENCES "DocumentBom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentText" ADD CONSTRAINT "DocumentText_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentPermission" ADD CONSTRAINT "DocumentPermission_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentPermission" ADD CONSTRAINT "DocumentPermission_sharePermissionId_fkey" FOREIGN KEY ("sharePermissionId") REFERENCES "SharePermission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectPermission" ADD CONSTRAINT "ProjectPermission_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectPermission" ADD CONSTRAINT "ProjectPermission_sharePermissionId_fkey" FOREIGN KEY ("sharePermissionId") REFERENCES "SharePermission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatPermission" ADD CONSTRAINT "ChatPermission_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatPermission" ADD CONSTRAINT "ChatPermission_sharePermissionId_fkey" FOREIGN KEY ("sharePermissionId") REFERENCES "SharePermission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelSharePermission" ADD CONSTRAINT "ChannelSharePermission_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "comms_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelSharePermission" ADD CONSTRAINT "ChannelSharePermission_share_permission_id_fkey" FOREIGN KEY ("share_permission_id") REFERENCES "SharePermission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserItemAccess" ADD CONSTRAINT "UserItemAccess_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserItemAccess" ADD CONSTRAINT "UserItemAccess_granted_from_channel_id_fkey" FOREIGN KEY ("granted_from_channel_id") REFERENCES "comms_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserHistory" ADD CONSTRAINT "UserHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pin" ADD CONSTRAINT "Pin_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatMessage" ADD CONSTRAINT "ChatMessage_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatAttachment" ADD CONSTRAINT "ChatAttachment_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatAttachment" ADD CONSTRAINT "ChatAttachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ChatMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_owner_fkey" FOREIGN KEY ("owner") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_owner_fkey" FOREIGN KEY ("owner") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_channel_participants" ADD CONSTRAINT "comms_channel_participants_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "comms_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_messages" ADD CONSTRAINT "comms_messages_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "comms_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_messages" ADD CONSTRAINT "comms_messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "comms_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_reactions" ADD CONSTRAINT "comms_reactions_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "comms_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_attachments" ADD CONSTRAINT "comms_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "comms_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_attachments" ADD CONSTRAINT "comms_attachments_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "comms_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comms_activity" ADD CONSTRAINT "comms_activity_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "comms_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_threads" ADD CONSTRAINT "email_threads_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "email_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "email_threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "email_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_from_contact_id_fkey" FOREIGN KEY ("from_contact_id") REFERENCES "email_contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_replying_to_id_fkey" FOREIGN KEY ("replying_to_id") REFERENCES "email_messages"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_contacts" ADD CONSTRAINT "email_contacts_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "email_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message_recipients" ADD CONSTRAINT "email_message_recipients_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "email_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message_recipients" ADD CONSTRAINT "email_message_recipients_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "email_contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_labels" ADD CONSTRAINT "email_labels_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "email_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message_labels" ADD CONSTRAINT "email_message_labels_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "email_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message_labels" ADD CONSTRAINT "email_message_labels_label_id_fkey" FOREIGN KEY ("label_id") REFERENCES "email_labels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_attachments" ADD CONSTRAINT "email_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "email_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_notification" ADD CONSTRAINT "user_notification_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_definitions" ADD CONSTRAINT "property_definitions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_definitions" ADD CONSTRAINT "property_definitions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_options" ADD CONSTRAINT "property_options_property_definition_id_fkey" FOREIGN KEY ("property_definition_id") REFERENCES "property_definitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entity_properties" ADD CONSTRAINT "entity_properties_property_definition_id_fkey" FOREIGN KEY ("property_definition_id") REFERENCES "property_definitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

