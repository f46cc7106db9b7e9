// Where everything of one network lives under its runtime directory: generated crypto and
// channel configs, node data, logs, the chaincode packages, the state file and the client's
// connection profile. One function per path, so no other module spells a path.
import path from 'node:path';
import type { OrgNode, Topology } from './topology';

export class Layout {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get stateFile() {
    return path.join(this.root, 'network.json');
  }
  get configDir() {
    return path.join(this.root, 'config');
  }
  get cryptoDir() {
    return path.join(this.root, 'crypto');
  }
  get channelDir() {
    return path.join(this.root, 'channels');
  }
  get builderDir() {
    return path.join(this.root, 'builder');
  }
  get logDir() {
    return path.join(this.root, 'logs');
  }
  channelBlock(channel: string) {
    return path.join(this.channelDir, `${channel}.block`);
  }
  packageDir(channel: string) {
    return path.join(this.root, 'chaincode', channel);
  }
  nodeDir(node: string) {
    return path.join(this.root, 'nodes', node);
  }
  log(node: string) {
    return path.join(this.logDir, `${node}.log`);
  }

  orgDir(org: OrgNode) {
    return path.join(this.cryptoDir, 'peerOrganizations', org.domain);
  }
  orgMsp(org: OrgNode) {
    return path.join(this.orgDir(org), 'msp');
  }
  adminMsp(org: OrgNode) {
    return path.join(this.orgDir(org), 'users', `Admin@${org.domain}`, 'msp');
  }
  userMsp(org: OrgNode) {
    return path.join(this.orgDir(org), 'users', `User1@${org.domain}`, 'msp');
  }
  userCert(org: OrgNode) {
    return path.join(this.userMsp(org), 'signcerts', `User1@${org.domain}-cert.pem`);
  }
  userKey(org: OrgNode) {
    return path.join(this.userMsp(org), 'keystore', 'priv_sk');
  }
  peerDir(org: OrgNode) {
    return path.join(this.orgDir(org), 'peers', `peer0.${org.domain}`);
  }
  peerTlsCa(org: OrgNode) {
    return path.join(this.peerDir(org), 'tls', 'ca.crt');
  }

  get ordererOrgDir() {
    return path.join(this.cryptoDir, 'ordererOrganizations', 'orderer.corridor');
  }
  ordererDir(name: string) {
    return path.join(this.ordererOrgDir, 'orderers', `${name}.orderer.corridor`);
  }
  get ordererTlsCa() {
    return path.join(this.ordererOrgDir, 'tlsca', 'tlsca.orderer.corridor-cert.pem');
  }
  get ordererAdminMsp() {
    return path.join(this.ordererOrgDir, 'users', 'Admin@orderer.corridor', 'msp');
  }
  get ordererAdminTls() {
    return path.join(this.ordererOrgDir, 'users', 'Admin@orderer.corridor', 'tls');
  }
}

export function orgNode(topology: Topology, id: string): OrgNode {
  const org = topology.orgs.find((candidate) => candidate.id === id);
  if (!org) throw new Error(`unknown org ${id}`);
  return org;
}
