package station

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeTestCert writes a self-signed certificate for 127.0.0.1 and its
// key, PEM-encoded, and returns their paths.
func writeTestCert(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "bgplens station test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// TestTLS: BMP over TLS; a router that does not speak TLS is dropped.
func TestTLS(t *testing.T) {
	msgs, scans, iD := frrSteps(t)
	cert, key := writeTestCert(t)
	ts := startStation(t, Config{TLSCert: cert, TLSKey: key, StallTimeout: time.Second})
	raw := dialFrom(t, ts, "127.0.0.80")
	c := tls.Client(raw, &tls.Config{InsecureSkipVerify: true}) // the test's own self-signed certificate
	f := &feeder{t: t, ts: ts, name: "127.0.0.80", c: c, msgs: msgs}
	f.sendUntil(iD)
	checkOracle(t, "over TLS", ts, "127.0.0.80", scans, iD)

	plain := dialFrom(t, ts, "127.0.0.81")
	if _, err := plain.Write(msgs[0]); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, plain, 5*time.Second)
	waitFor(t, "tls_failed counted", 5*time.Second, func() bool {
		return metricLine(ts.metricsText(t), `bgplens_station_connections_total{result="tls_failed"}`) == "1"
	})
}
