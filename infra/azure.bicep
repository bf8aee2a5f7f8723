// Azure resources for one school (or one trust) running Online Safety Bot, deployed by
// `arm/deploy` in teamsapp.yml:
//   - a Linux App Service that runs the bot (node dist/index.js),
//   - an Azure Bot registration for Microsoft Teams, signed in as a user-assigned managed
//     identity: Azure no longer creates multi-tenant bots, and a managed identity leaves no
//     client secret to rotate or leak,
//   - an Azure Database for PostgreSQL flexible server for the school's records.
// Outputs are written to env/.env.<env> by the toolkit (https://aka.ms/teamsfx-actions/arm-deploy).

@description('The toolkit environment (dev, ...), so two environments can share a resource group.')
param environmentName string = 'dev'

@description('Names every resource. The default is unique to the resource group and environment.')
@minLength(4)
@maxLength(40)
param resourceBaseName string = 'onlinesafety-${uniqueString(resourceGroup().id, environmentName)}'

@maxLength(42)
param botDisplayName string

@description('App Service plan. B1 is the smallest with Always On, which scheduled reminders need.')
param webAppSku string = 'B1'

@description('Region for the App Service and the database. Pupil and safeguarding data: choose uksouth or ukwest.')
param location string = resourceGroup().location

param postgresAdminLogin string = 'onlinesafetyadmin'

@secure()
@minLength(12)
@description('From SECRET_POSTGRES_ADMIN_PASSWORD in env/.env.<env>.user.')
param postgresAdminPassword string

@secure()
@minLength(40)
@description('From SECRET_REPORTS_KEY in env/.env.<env>.user: 32 random bytes in base64 (openssl rand -base64 32). Seals pupils\' report texts; kept outside the database, and production refuses to start without it.')
param reportsKey string

param postgresSkuName string = 'Standard_B1ms'
param postgresDatabaseName string = 'onlinesafety'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: resourceBaseName
  location: location
  sku: {
    name: postgresSkuName
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    // The longest point-in-time restore window: child-protection records must not be lost.
    backup: {
      backupRetentionDays: 35
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

// Lets the App Service reach the database over its public endpoint (TLS required). For a
// private network instead, add VNet integration and turn public access off.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  // A flexible server takes one change at a time.
  dependsOn: [
    postgresAllowAzure
  ]
}

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          // `teamsapp deploy` uploads the built app with its node_modules.
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          // Production refuses to start without bot credentials (src/config.ts).
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'BOT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'BOT_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          name: 'BOT_TYPE'
          value: 'UserAssignedMSI'
        }
        {
          name: 'DATABASE_URL'
          value: 'postgres://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=verify-full'
        }
        {
          name: 'REPORTS_KEY'
          value: reportsKey
        }
        {
          // Where staff browsers reach the bot: a case's export links (/exports/...) are made from it.
          // The site's own host name cannot be read here (it is being defined), but it is fixed.
          name: 'PUBLIC_URL'
          value: 'https://${resourceBaseName}.azurewebsites.net'
        }
        {
          // /home is the App Service's persistent storage; the package itself is read-only.
          name: 'DATA_DIR'
          value: '/home/data'
        }
      ]
    }
  }
  dependsOn: [
    postgresDatabase
  ]
}

// Registers the web service as a bot with the Bot Framework and connects it to Teams.
resource botService 'Microsoft.BotService/botServices@2021-03-01' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource botServiceTeamsChannel 'Microsoft.BotService/botServices/channels@2021-03-01' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output POSTGRES_HOST string = postgres.properties.fullyQualifiedDomainName
