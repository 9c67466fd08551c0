// The parser and the casper-js-sdk 2 it needs, both resolved from this package's own node_modules.
module.exports = { ces: require("@make-software/ces-js-parser"), sdk: require("casper-js-sdk") };
