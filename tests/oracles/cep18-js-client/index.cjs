// The client and the casper-js-sdk 2 it builds deploys with, both resolved from this package's own node_modules.
module.exports = { cep18: require("casper-cep18-js-client"), sdk: require("casper-js-sdk") };
