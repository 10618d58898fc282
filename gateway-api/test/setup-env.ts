// fabric-contract-api logs every decorator at INFO when contracts load; tests only want failures.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';
