-- AddForeignKey (revert)
ALTER TABLE "entity_properties" DROP CONSTRAINT "entity_properties_property_definition_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "property_options" DROP CONSTRAINT "property_options_property_definition_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "property_definitions" DROP CONSTRAINT "property_definitions_user_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "property_definitions" DROP CONSTRAINT "property_definitions_organization_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "user_notification" DROP CONSTRAINT "user_notification_notification_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_attachments" DROP CONSTRAINT "email_attachments_message_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_message_labels" DROP CONSTRAINT "email_message_labels_label_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_message_labels" DROP CONSTRAINT "email_message_labels_message_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_labels" DROP CONSTRAINT "email_labels_link_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_message_recipients" DROP CONSTRAINT "email_message_recipients_contact_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_message_recipients" DROP CONSTRAINT "email_message_recipients_message_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_contacts" DROP CONSTRAINT "email_contacts_link_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_replying_to_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_from_contact_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_link_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_thread_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "email_threads" DROP CONSTRAINT "email_threads_link_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_activity" DROP CONSTRAINT "comms_activity_channel_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_attachments" DROP CONSTRAINT "comms_attachments_channel_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_attachments" DROP CONSTRAINT "comms_attachments_message_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_reactions" DROP CONSTRAINT "comms_reactions_message_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_messages" DROP CONSTRAINT "comms_messages_thread_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_messages" DROP CONSTRAINT "comms_messages_channel_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "comms_channel_participants" DROP CONSTRAINT "comms_channel_participants_channel_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Comment" DROP CONSTRAINT "Comment_owner_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Comment" DROP CONSTRAINT "Comment_threadId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Thread" DROP CONSTRAINT "Thread_documentId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Thread" DROP CONSTRAINT "Thread_owner_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChatAttachment" DROP CONSTRAINT "ChatAttachment_messageId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChatAttachment" DROP CONSTRAINT "ChatAttachment_chatId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChatMessage" DROP CONSTRAINT "ChatMessage_chatId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Chat" DROP CONSTRAINT "Chat_projectId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Chat" DROP CONSTRAINT "Chat_userId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Pin" DROP CONSTRAINT "Pin_userId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "UserHistory" DROP CONSTRAINT "UserHistory_userId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "UserItemAccess" DROP CONSTRAINT "UserItemAccess_granted_from_channel_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "UserItemAccess" DROP CONSTRAINT "UserItemAccess_user_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChannelSharePermission" DROP CONSTRAINT "ChannelSharePermission_share_permission_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChannelSharePermission" DROP CONSTRAINT "ChannelSharePermission_channel_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChatPermission" DROP CONSTRAINT "ChatPermission_sharePermissionId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ChatPermission" DROP CONSTRAINT "ChatPermission_chatId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ProjectPermission" DROP CONSTRAINT "ProjectPermission_sharePermissionId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "ProjectPermission" DROP CONSTRAINT "ProjectPermission_projectId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "DocumentPermission" DROP CONSTRAINT "DocumentPermission_sharePermissionId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "DocumentPermission" DROP CONSTRAINT "DocumentPermission_documentId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Project" DROP CONSTRAINT "Project_parentId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Project" DROP CONSTRAINT "Project_userId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "DocumentText" DROP CONSTRAINT "DocumentText_documentId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "BomPart" DROP CONSTRAINT "BomPart_documentBomId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "DocumentBom" DROP CONSTRAINT "DocumentBom_documentId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "DocumentInstanceModificationData" DROP CONSTRAINT "DocumentInstanceModificationData_documentInstanceId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "DocumentInstance" DROP CONSTRAINT "DocumentInstance_documentId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Document" DROP CONSTRAINT "Document_projectId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Document" DROP CONSTRAINT "Document_owner_fkey";

-- AddForeignKey (revert)
ALTER TABLE "team_user" DROP CONSTRAINT "team_user_team_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "team_user" DROP CONSTRAINT "team_user_user_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "team" DROP CONSTRAINT "team_owner_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "User" DROP CONSTRAINT "User_macro_user_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "User" DROP CONSTRAINT "User_organizationId_fkey";

-- CreateIndex (revert)
DROP INDEX "entity_properties_values_idx";

-- CreateIndex (revert)
DROP INDEX "entity_properties_property_definition_id_idx";

-- CreateIndex (revert)
DROP INDEX "entity_properties_entity_id_entity_type_property_definition_key";

-- CreateIndex (revert)
DROP INDEX "property_options_property_definition_id_number_value_key";

-- CreateIndex (revert)
DROP INDEX "property_options_property_definition_id_string_value_key";

-- CreateIndex (revert)
DROP INDEX "property_definitions_user_id_display_name_key";

-- CreateIndex (revert)
DROP INDEX "property_definitions_organization_id_display_name_key";

-- CreateIndex (revert)
DROP INDEX "user_device_registration_device_token_idx";

-- CreateIndex (revert)
DROP INDEX "user_device_registration_user_id_idx";

-- CreateIndex (revert)
DROP INDEX "user_device_registration_device_endpoint_key";

-- CreateIndex (revert)
DROP INDEX "user_notification_item_unsubscribe_item_id_idx";

-- CreateIndex (revert)
DROP INDEX "user_notification_notification_id_idx";

-- CreateIndex (revert)
DROP INDEX "user_notification_user_id_created_at_idx";

-- CreateIndex (revert)
DROP INDEX "notification_event_item_type_idx";

-- CreateIndex (revert)
DROP INDEX "notification_event_item_id_event_item_type_idx";

-- CreateIndex (revert)
DROP INDEX "email_attachments_provider_attachment_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_attachments_message_id_provider_attachment_id_key";

-- CreateIndex (revert)
DROP INDEX "email_message_labels_label_id_message_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_labels_name_idx";

-- CreateIndex (revert)
DROP INDEX "email_labels_link_id_name_idx";

-- CreateIndex (revert)
DROP INDEX "email_labels_link_id_provider_label_id_key";

-- CreateIndex (revert)
DROP INDEX "email_message_recipients_contact_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_contacts_link_id_email_address_key";

-- CreateIndex (revert)
DROP INDEX "email_messages_replying_to_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_messages_from_contact_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_messages_link_id_replying_to_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_messages_link_id_global_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_messages_link_id_thread_id_internal_date_ts_idx";

-- CreateIndex (revert)
DROP INDEX "email_messages_thread_id_internal_date_ts_idx";

-- CreateIndex (revert)
DROP INDEX "email_threads_link_id_latest_inbound_message_ts_idx";

-- CreateIndex (revert)
DROP INDEX "email_links_macro_id_idx";

-- CreateIndex (revert)
DROP INDEX "email_links_fusionauth_user_id_email_address_provider_key";

-- CreateIndex (revert)
DROP INDEX "comms_activity_user_id_updated_at_idx";

-- CreateIndex (revert)
DROP INDEX "comms_activity_channel_id_user_id_idx";

-- CreateIndex (revert)
DROP INDEX "comms_activity_user_id_channel_id_key";

-- CreateIndex (revert)
DROP INDEX "comms_entity_mentions_created_at_idx";

-- CreateIndex (revert)
DROP INDEX "comms_entity_mentions_entity_type_entity_id_idx";

-- CreateIndex (revert)
DROP INDEX "comms_entity_mentions_source_entity_type_source_entity_id_e_idx";

-- CreateIndex (revert)
DROP INDEX "comms_attachments_entity_type_entity_id_created_at_idx";

-- CreateIndex (revert)
DROP INDEX "comms_attachments_message_id_idx";

-- CreateIndex (revert)
DROP INDEX "comms_attachments_channel_id_created_at_idx";

-- CreateIndex (revert)
DROP INDEX "comms_messages_sender_id_idx";

-- CreateIndex (revert)
DROP INDEX "comms_messages_thread_id_idx";

-- CreateIndex (revert)
DROP INDEX "comms_messages_channel_id_created_at_idx";

-- CreateIndex (revert)
DROP INDEX "comms_channel_participants_user_id_idx";

-- CreateIndex (revert)
DROP INDEX "Comment_owner_idx";

-- CreateIndex (revert)
DROP INDEX "Comment_threadId_createdAt_idx";

-- CreateIndex (revert)
DROP INDEX "Thread_owner_idx";

-- CreateIndex (revert)
DROP INDEX "Thread_documentId_idx";

-- CreateIndex (revert)
DROP INDEX "ChatAttachment_attachmentType_attachmentId_idx";

-- CreateIndex (revert)
DROP INDEX "ChatAttachment_chatId_idx";

-- CreateIndex (revert)
DROP INDEX "ChatAttachment_messageId_idx";

-- CreateIndex (revert)
DROP INDEX "ChatMessage_chatId_createdAt_idx";

-- CreateIndex (revert)
DROP INDEX "Chat_projectId_idx";

-- CreateIndex (revert)
DROP INDEX "Chat_userId_idx";

-- CreateIndex (revert)
DROP INDEX "Pin_pinnedItemId_idx";

-- CreateIndex (revert)
DROP INDEX "ItemLastAccessed_item_type_idx";

-- CreateIndex (revert)
DROP INDEX "UserHistory_itemId_itemType_idx";

-- CreateIndex (revert)
DROP INDEX "UserHistory_userId_itemType_idx";

-- CreateIndex (revert)
DROP INDEX "UserItemAccess_granted_from_channel_id_idx";

-- CreateIndex (revert)
DROP INDEX "UserItemAccess_user_id_item_type_idx";

-- CreateIndex (revert)
DROP INDEX "ChannelSharePermission_share_permission_id_idx";

-- CreateIndex (revert)
DROP INDEX "ChatPermission_sharePermissionId_key";

-- CreateIndex (revert)
DROP INDEX "ProjectPermission_sharePermissionId_key";

-- CreateIndex (revert)
DROP INDEX "DocumentPermission_sharePermissionId_key";

-- CreateIndex (revert)
DROP INDEX "Project_uploadPending_idx";

-- CreateIndex (revert)
DROP INDEX "Project_parentId_idx";

-- CreateIndex (revert)
DROP INDEX "Project_userId_idx";

-- CreateIndex (revert)
DROP INDEX "DocumentText_documentId_key";

-- CreateIndex (revert)
DROP INDEX "BomPart_documentBomId_idx";

-- CreateIndex (revert)
DROP INDEX "BomPart_sha_idx";

-- CreateIndex (revert)
DROP INDEX "DocumentBom_documentId_createdAt_idx";

-- CreateIndex (revert)
DROP INDEX "DocumentInstanceModificationData_documentInstanceId_idx";

-- CreateIndex (revert)
DROP INDEX "DocumentInstance_documentId_createdAt_idx";

-- CreateIndex (revert)
DROP INDEX "Document_projectId_idx";

-- CreateIndex (revert)
DROP INDEX "Document_documentFamilyId_idx";

-- CreateIndex (revert)
DROP INDEX "Document_branchedFromId_idx";

-- CreateIndex (revert)
DROP INDEX "Document_owner_fileType_idx";

-- CreateIndex (revert)
DROP INDEX "Document_owner_deletedAt_idx";

-- CreateIndex (revert)
DROP INDEX "team_user_team_id_idx";

-- CreateIndex (revert)
DROP INDEX "team_owner_id_idx";

-- CreateIndex (revert)
DROP INDEX "Organization_stripeCustomerId_key";

-- CreateIndex (revert)
DROP INDEX "Organization_name_key";

-- CreateIndex (revert)
DROP INDEX "macro_user_stripe_customer_id_key";

-- CreateIndex (revert)
DROP INDEX "macro_user_email_key";

-- CreateIndex (revert)
DROP INDEX "macro_user_username_key";

-- CreateIndex (revert)
DROP INDEX "User_macro_user_id_idx";

-- CreateIndex (revert)
DROP INDEX "User_organizationId_idx";

-- CreateIndex (revert)
DROP INDEX "User_stripeCustomerId_key";

-- CreateIndex (revert)
DROP INDEX "User_email_key";

-- CreateTable (revert)
DROP TABLE "entity_properties";

-- CreateTable (revert)
DROP TABLE "property_options";

-- CreateTable (revert)
DROP TABLE "property_definitions";

-- CreateTable (revert)
DROP TABLE "user_mute_notification";

-- CreateTable (revert)
DROP TABLE "user_device_registration";

-- CreateTable (revert)
DROP TABLE "user_notification_item_unsubscribe";

-- CreateTable (revert)
DROP TABLE "notification_email_unsubscribe";

-- CreateTable (revert)
DROP TABLE "user_notification";

-- CreateTable (revert)
DROP TABLE "notification";

-- CreateTable (revert)
DROP TABLE "email_attachments";

-- CreateTable (revert)
DROP TABLE "email_message_labels";

-- CreateTable (revert)
DROP TABLE "email_labels";

-- CreateTable (revert)
DROP TABLE "email_message_recipients";

-- CreateTable (revert)
DROP TABLE "email_contacts";

-- CreateTable (revert)
DROP TABLE "email_messages";

-- CreateTable (revert)
DROP TABLE "email_threads";

-- CreateTable (revert)
DROP TABLE "email_links";

-- CreateTable (revert)
DROP TABLE "comms_activity";

-- CreateTable (revert)
DROP TABLE "comms_entity_mentions";

-- CreateTable (revert)
DROP TABLE "comms_attachments";

-- CreateTable (revert)
DROP TABLE "comms_reactions";

-- CreateTable (revert)
DROP TABLE "comms_messages";

-- CreateTable (revert)
DROP TABLE "comms_channel_participants";

-- CreateTable (revert)
DROP TABLE "comms_channels";

-- CreateTable (revert)
DROP TABLE "Comment";

-- CreateTable (revert)
DROP TABLE "Thread";

-- CreateTable (revert)
DROP TABLE "ChatAttachment";

-- CreateTable (revert)
DROP TABLE "ChatMessage";

-- CreateTable (revert)
DROP TABLE "Chat";

-- CreateTable (revert)
DROP TABLE "Pin";

-- CreateTable (revert)
DROP TABLE "ItemLastAccessed";

-- CreateTable (revert)
DROP TABLE "UserHistory";

-- CreateTable (revert)
DROP TABLE "UserItemAccess";

-- CreateTable (revert)
DROP TABLE "ChannelSharePermission";

-- CreateTable (revert)
DROP TABLE "ChatPermission";

-- CreateTable (revert)
DROP TABLE "ProjectPermission";

-- CreateTable (revert)
DROP TABLE "DocumentPermission";

-- CreateTable (revert)
DROP TABLE "SharePermission";

-- CreateTable (revert)
DROP TABLE "Project";

-- CreateTable (revert)
DROP TABLE "DocumentText";

-- CreateTable (revert)
DROP TABLE "BomPart";

-- CreateTable (revert)
DROP TABLE "DocumentBom";

-- CreateTable (revert)
DROP TABLE "DocumentInstanceModificationData";

-- CreateTable (revert)
DROP TABLE "DocumentInstance";

-- CreateTable (revert)
DROP TABLE "Document";

-- CreateTable (revert)
DROP TABLE "team_user";

-- CreateTable (revert)
DROP TABLE "team";

-- CreateTable (revert)
DROP TABLE "Organization";

-- CreateTable (revert)
DROP TABLE "macro_user";

-- CreateTable (revert)
DROP TABLE "User";

-- CreateEnum (revert)
DROP TYPE "device_type_option";

-- CreateEnum (revert)
DROP TYPE "comms_participant_role";

-- CreateEnum (revert)
DROP TYPE "comms_channel_type";

-- CreateEnum (revert)
DROP TYPE "email_recipient_type";

-- CreateEnum (revert)
DROP TYPE "email_label_type_enum";

-- CreateEnum (revert)
DROP TYPE "email_label_list_visibility_enum";

-- CreateEnum (revert)
DROP TYPE "email_message_list_visibility_enum";

-- CreateEnum (revert)
DROP TYPE "email_user_provider_enum";

-- CreateEnum (revert)
DROP TYPE "property_entity_type";

-- CreateEnum (revert)
DROP TYPE "property_data_type";

-- CreateEnum (revert)
DROP TYPE "team_role";

-- CreateEnum (revert)
DROP TYPE "AccessLevel";

-- CreateEnum (revert)
DROP TYPE "OrganizationStatus";

