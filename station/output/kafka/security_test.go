package kafka_test

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

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// selfSigned returns a TLS certificate for 127.0.0.1 and its PEM, which
// the client is given as its CA.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kfake"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestTLSAndSASL: the sink speaks TLS (checking the broker's certificate
// against tls.ca_file) and SCRAM-SHA-512 to a broker that requires both;
// with a wrong password nothing is acknowledged and nothing is lost.
func TestTLSAndSASL(t *testing.T) {
	cert, caPEM := selfSigned(t)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.TLS(&tls.Config{Certificates: []tls.Certificate{cert}}),
		kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "bgplens", "s3cret"),
		kfake.SeedTopics(1, "openbmp.bmp_raw", "openbmp.parsed.router", "openbmp.parsed.peer", "openbmp.parsed.unicast_prefix", "openbmp.parsed.bmp_stat"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, caPEM, 0o644)
	msgs := captureMsgs(t)[:40]
	run := func(password string) (produced, inFlight, lost float64) {
		kc := kafka.Config{Brokers: c.ListenAddrs(), TLS: kafka.TLSConfig{Enable: true, CAFile: ca},
			SASL: kafka.SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "bgplens", Password: password}, Spool: kafka.SpoolConfig{Dir: t.TempDir()},
			CloseTimeout: 100 * time.Millisecond}
		r := startRig(t, kc, station.QueueConfig{Policy: station.PolicyBlock})
		r.feed("127.0.0.151", msgs)
		want := float64(len(r.mem.events()))
		if password == "s3cret" {
			waitFor(t, "every record acknowledged", 20*time.Second, func() bool {
				return metric(t, r.reg, "bgplens_kafka_records_produced_total") == want
			})
		} else {
			time.Sleep(2 * time.Second)
		}
		produced, inFlight, lost = metric(t, r.reg, "bgplens_kafka_records_produced_total"), metric(t, r.reg, "bgplens_kafka_in_flight_records"), metric(t, r.reg, "bgplens_kafka_records_lost_total")
		if err := r.stop(); err != nil {
			t.Fatal(err)
		}
		return
	}
	if p, _, _ := run("s3cret"); p == 0 {
		t.Fatal("nothing produced with the right password")
	}
	if p, f, l := run("wrong"); p != 0 || f == 0 || l != 0 {
		t.Errorf("wrong password: %v produced, %v in flight, %v lost; want 0, some, 0", p, f, l)
	}
}

// The sink takes raw messages and is flushed when its queue runs empty.
var (
	_ output.RawReceiver = (*kafka.Sink)(nil)
	_ output.Flusher     = (*kafka.Sink)(nil)
)
